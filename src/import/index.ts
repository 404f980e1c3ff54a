/**
 * `docmodel/import`: other extractors' JSON into the model (docling, Textract, Azure Document Intelligence).
 *
 * @module docmodel/import
 */
export {fromDocling} from './docling.js'
export type {ImportOptions, ImportResult} from './build.js'
export {fromTextract} from './textract.js'
export type {TextractOptions} from './textract.js'
export {fromAzureLayout} from './azure.js'
export type {AzureOptions} from './azure.js'
