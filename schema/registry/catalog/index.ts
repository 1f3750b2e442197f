export * from './types';
export { CatalogRegistry, contentOf, type CatalogPublishInput, type CatalogPublishOutcome } from './catalog-registry';
export { catalogChangesNeedingApproval, diffCatalogs } from './catalog-diff';
export { DEFAULT_CATALOG, conditionalFieldsOf, normaliseCatalog, parseCatalog } from './content';
export { CatalogView, DEFAULT_VIEW, LiveCatalog } from './live-catalog';
export { catalogFileOf, openCatalogStore, type CatalogStore } from './open-catalog-store';
