/**
 * The tests and the benchmark drive the sync runner through the renderer's own transport
 * (fetch is global in Node 20), so what is tested is what the workstation runs.
 */
export { FetchTransport as NodeTransport } from '../../renderer/sync/fetch-transport';
