/** The credit subgraph's sanction types: a sanction, its filter, invalid records and the connection (part of CREDIT_SDL). */
export const SANCTION_SDL = /* GraphQL */ `"""
A joint work-safety sanction on a credit code, from the region's credit platform.
区域信用平台发布的、针对某一统一社会信用代码的安全生产联合惩戒记录。
"""
type CreditSanction @key(fields: "id") {
  """
  "CR:CreditSanction:<decision number>"
  格式为 "CR:CreditSanction:<决定文书号>"。
  """
  id: ID!
  """
  The sanctioned entity's unified social credit code.
  被惩戒主体的统一社会信用代码。
  """
  creditCode: ID!
  """
  The sanctioned entity's name.
  被惩戒主体名称。
  """
  name: String!
  """
  The list it is on.
  所属名单。
  """
  listType: SanctionListType!
  """
  The province whose authority decided it; null for a national authority.
  作出决定的机关所属省份；国家级机关为 null。
  """
  province: ProvinceCode
  """
  The authority that decided it.
  作出决定的机关。
  """
  authority: String!
  """
  The decision's document number.
  决定文书号。
  """
  decisionNumber: String!
  """
  When it was decided.
  决定日期。
  """
  decidedOn: Date!
  """
  Why.
  惩戒事由。
  """
  reason: String!
  """
  The measures imposed, if stated.
  惩戒措施（如有说明）。
  """
  measures: String
  """
  The last day it applies, if limited.
  有效期截止日（如有期限）。
  """
  validUntil: Date
  """
  As of now (Beijing): REMOVED when the list removed it, EXPIRED after validUntil, else IN_FORCE.
  截至当前（北京时间）：已移出名单为 REMOVED，超过有效期为 EXPIRED，否则为 IN_FORCE。
  """
  status: SanctionStatus!
  """
  When the list removed it, if it did.
  移出名单的日期（如已移出）。
  """
  removedOn: Date
  """
  When the platform last changed it.
  平台最后更新时间。
  """
  updatedAt: DateTime!
  """
  Where this record came from.
  记录来源。
  """
  provenance: Provenance!
}

"""
Which sanctions to list.
惩戒记录的筛选条件。
"""
input SanctionFilter {
  """
  Only sanctions decided by these provinces' authorities.
  仅限这些省份机关作出的惩戒。
  """
  provinces: [ProvinceCode!]
  """
  Only these lists.
  仅限这些名单。
  """
  listTypes: [SanctionListType!]
  """
  Only these statuses.
  仅限这些状态。
  """
  statuses: [SanctionStatus!]
  """
  Only sanctions changed at or after this time.
  仅限在该时间及之后更新的记录。
  """
  updatedSince: DateTime
}

"""
A record that a source holds but that cannot be mapped to the contract; it is left out of answers.
来源持有但无法映射到契约的记录；不出现在结果中。
"""
type InvalidRecord @shareable {
  """
  SH, JS, ZJ, AH, or CR for the credit platform.
  SH、JS、ZJ、AH，信用平台为 CR。
  """
  source: String!
  """
  The record's id in its source.
  该记录在来源系统中的编号。
  """
  sourceId: String!
  """
  Why it cannot be mapped.
  无法映射的原因。
  """
  reason: String!
}

"""
A page of sanctions.
惩戒记录的分页列表。
"""
type CreditSanctionConnection {
  """
  The sanctions of this page.
  本页的惩戒记录。
  """
  edges: [CreditSanctionEdge!]!
  """
  Where this page ends.
  分页信息。
  """
  pageInfo: PageInfo!
  """
  All matching sanctions, on every page.
  符合条件的记录总数（所有页）。
  """
  totalCount: Int!
  """
  On the first page: the platform's records that could not be mapped (not GraphQL errors).
  仅在第一页：平台中无法映射的记录（不作为 GraphQL 错误）。
  """
  invalidRecords: [InvalidRecord!]!
}

"""
One sanction in a page, with its cursor.
分页中的一条惩戒记录及其游标。
"""
type CreditSanctionEdge {
  """
  Where to continue after this sanction.
  从此记录之后继续的游标。
  """
  cursor: String!
  """
  The sanction.
  惩戒记录本身。
  """
  node: CreditSanction!
}`;
