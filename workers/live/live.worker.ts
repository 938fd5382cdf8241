import { exposeTasks } from '../bridge';
import { liveConsumers } from './consumers';
import { createPaperConsumer } from './paper-consumer';
import { liveTasks } from './tasks';

liveConsumers.register(createPaperConsumer());
exposeTasks(liveTasks);
