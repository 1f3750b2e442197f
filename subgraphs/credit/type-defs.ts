import { parse, type DocumentNode } from 'graphql';
import { SANCTION_SDL } from './sanction-sdl';

/**
 * The credit subgraph's SDL (contract v1.1, "credit"): the joint work-safety sanctions list of the
 * region's credit platform, and the sanctions of the provinces' enterprises and rescue
 * organisations, joined by credit code.
 */
export const CREDIT_SDL = /* GraphQL */ `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])

"""
A calendar date, YYYY-MM-DD (Beijing).
日历日期，格式 YYYY-MM-DD（北京时间）。
"""
scalar Date
scalar DateTime

enum ProvinceCode { SH JS ZJ AH }

"""
Which list of the joint sanctions a record is on.
联合惩戒记录所属的名单。
"""
enum SanctionListType {
  """
  The list of seriously dishonest entities.
  严重失信主体名单
  """
  SERIOUS_DISHONESTY
  """
  The list of entities under key attention.
  重点关注名单
  """
  KEY_ATTENTION
}

"""
Whether a sanction is in force.
惩戒措施的状态。
"""
enum SanctionStatus {
  """
  In force now.
  正在执行。
  """
  IN_FORCE
  """
  Past its validUntil.
  已超过有效期。
  """
  EXPIRED
  """
  Removed from the list.
  已移出名单。
  """
  REMOVED
}

"""
Where a record came from: the province, its system and the record there.
记录的来源：省份、其业务系统及源记录。
"""
type Provenance @shareable {
  """
  The province whose system holds the record.
  持有该记录的省份。
  """
  province: ProvinceCode!
  """
  The legacy system, e.g. "SH api/v2".
  源业务系统，例如 "SH api/v2"。
  """
  system: String!
  """
  The record's id in that system.
  该记录在源系统中的编号。
  """
  sourceId: String!
  """
  When the gateway last read it from that system.
  最近一次从源系统读取的时间。
  """
  fetchedAt: DateTime!
  """
  True when the source failed and this copy came from the cache.
  源系统故障、本副本来自缓存时为 true。
  """
  stale: Boolean!
}

type PageInfo @shareable { hasNextPage: Boolean! endCursor: String }

${SANCTION_SDL}

type HazmatEnterprise @key(fields: "creditCode") {
  creditCode: ID!
  """
  Joint work-safety sanctions on this enterprise's credit code (legacy-apis/credit.md).
  该企业统一社会信用代码上的安全生产联合惩戒记录。
  """
  sanctions(
    """
    Include sanctions removed from the list.
    是否包含已移出名单的记录。
    """
    includeRemoved: Boolean = false
  ): [CreditSanction!]!
}

type ResourceOrganisation @key(fields: "creditCode") {
  creditCode: String
  """
  Joint work-safety sanctions on this organisation's credit code.
  该组织统一社会信用代码上的安全生产联合惩戒记录。
  """
  sanctions(
    """
    Include sanctions removed from the list.
    是否包含已移出名单的记录。
    """
    includeRemoved: Boolean = false
  ): [CreditSanction!]!
}

type Query {
  """
  Ordered by decidedOn descending, then id.
  按决定日期倒序，再按编号排序。
  """
  creditSanctions(
    """
    Which sanctions.
    筛选条件。
    """
    filter: SanctionFilter
    """
    How many (default 50, at most 500).
    返回条数（默认 50，最多 500）。
    """
    first: Int = 50
    """
    The cursor after which to continue.
    从该游标之后继续。
    """
    after: String
  ): CreditSanctionConnection!
  """
  Every sanction on a credit code, newest first (removed ones included).
  某一统一社会信用代码上的全部惩戒记录，最新的在前（含已移出的）。
  """
  sanctionsOf(
    """
    The unified social credit code.
    统一社会信用代码。
    """
    creditCode: ID!
  ): [CreditSanction!]!
}
`;

export const creditTypeDefs: DocumentNode = parse(CREDIT_SDL);
