/**
 * `@pandaas/catalog-client`: ICAT/IDS and SciCat clients (in preparation).
 *
 * @module
 */
export {};
