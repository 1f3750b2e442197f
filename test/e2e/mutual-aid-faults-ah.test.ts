import { describeMutualAidFaultRun } from '../support/mutual-aid-fault-suite';

describeMutualAidFaultRun('AH', { redis: true });
