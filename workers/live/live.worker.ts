import { exposeTasks } from '../bridge';
import { liveTasks } from './tasks';

exposeTasks(liveTasks);
