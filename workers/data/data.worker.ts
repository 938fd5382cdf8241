import { exposeTasks } from '../bridge';
import { dataTasks } from './tasks';

exposeTasks(dataTasks);
