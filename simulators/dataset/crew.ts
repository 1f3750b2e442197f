import type { CrewMemberRecord, CrewRole } from '../../schema/model';
import type { Rng } from './prng';

/**
 * Drivers and escorts of a carrier (JT/T 617 waybill crew). Certificate numbers have the shape of
 * a resident identity number (GB 11643: area, birth date, sequence, check character), which is
 * what qualification certificates carry; they are made up, as are the mobile numbers.
 */

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢钟姜崔谭陆汪范金石廖贾夏韦方'];
const GIVEN = [...'建国明华伟强军平刚勇杰涛斌超磊峰鹏辉波宇浩凯俊东兴海文玉春林红霞敏静燕丽秀英娟芳婷雪梅志忠卫红新民宏亮晨阳堃喆'];
const MOBILE_PREFIXES = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '153', '155', '156', '158', '159', '177', '180', '181', '186', '187', '188', '189', '199'];
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** The 18th character of a resident identity number for its first 17 digits (GB 11643). */
export function identityCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i];
  return ID_CHECK[sum % 11];
}

export interface Person {
  name: string;
  certificate: string;
  phone: string;
}

/** Made-up people, none twice: each certificate and phone of the data set is unique. */
export class PeopleRegistry {
  private readonly certificates = new Set<string>();
  private readonly phones = new Set<string>();

  constructor(private readonly rng: Rng) {}

  /** A person registered in `area` (a six-digit adcode). */
  person(area: string): Person {
    const rng = this.rng;
    const name = rng.pick(SURNAMES) + rng.pick(GIVEN) + (rng.chance(0.7) ? rng.pick(GIVEN) : '');
    let certificate: string;
    do {
      const birth = new Date(Date.UTC(rng.int(1966, 1999), rng.int(0, 11), rng.int(1, 28)));
      const body = `${area}${birth.toISOString().slice(0, 10).replace(/-/g, '')}${rng.digits(3)}`;
      certificate = body + identityCheckChar(body);
    } while (this.certificates.has(certificate));
    this.certificates.add(certificate);
    let phone: string;
    do phone = rng.pick(MOBILE_PREFIXES) + rng.digits(8);
    while (this.phones.has(phone));
    this.phones.add(phone);
    return { name, certificate, phone };
  }
}

/** A crew member as a system records them: a few records lack the certificate or the phone. */
export function crewMember(rng: Rng, role: CrewRole, p: Person): CrewMemberRecord {
  return {
    role,
    name: p.name,
    qualificationCertificate: rng.chance(0.04) ? null : p.certificate,
    phone: rng.chance(0.06) ? null : p.phone,
  };
}
