/**
 * The contract server, for testing pipelines offline: `import {createContractServer} from 'docmodel/testing'`.
 *
 * @module docmodel/testing
 */
export {createContractServer} from './server.js'
export type {ContractServer, ContractServerOptions, ContractJobOptions, EchoPlace, Fault} from './server.js'
