import { describeMutualAidFaultRun } from '../support/mutual-aid-fault-suite';

describeMutualAidFaultRun('ZJ', { redis: false });
