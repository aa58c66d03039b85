import type { Services } from '../services';
import { Loaders } from './loaders/loaders';

/** What every resolver of one request sees. */
export interface Context {
  services: Services;
  loaders: Loaders;
}

/** Builds the context of one request: the process's services and fresh loaders. */
export function buildContext(services: Services): Context {
  return { services, loaders: new Loaders(services) };
}
