import { describeMutualAidFaultRun } from '../support/mutual-aid-fault-suite';

describeMutualAidFaultRun('JS', { redis: true });
