import { describeMutualAidFaultRun } from '../support/mutual-aid-fault-suite';

describeMutualAidFaultRun('SH', { redis: false });
