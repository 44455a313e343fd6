/**
 * The mini-program kit: hooks for loading and submitting, and the small components every page repeats.
 * Pages import from here ('../../kit'), never from each other.
 */
export { useResource, type Resource, type ResourceOptions } from './useResource'
export { useSubmit, type Submit } from './useSubmit'
export { Empty, ErrorNote, FieldError, LoadGate, Loading, errorText } from './states'
export { ChoiceChips, MultiChoiceChips, type Choice } from './ChoiceChips'
export { RoleGate, gateFor, type GatedRole } from './RoleGate'
