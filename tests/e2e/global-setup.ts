import { buildH5 } from './browser';

/** The H5 build the journeys drive, built once per run (every e2e file serves the same build). */
export default async function globalSetup() {
  buildH5();
}
