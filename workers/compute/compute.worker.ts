import { exposeTasks } from '../bridge';
import { computeTasks } from './tasks';

exposeTasks(computeTasks);
