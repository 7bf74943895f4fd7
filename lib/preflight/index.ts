// Public API of lib/preflight (Terraform -> the ARM resources Azure Policy evaluates). No cdktf import: the CLI and
// the synth-time check both use it. This file only re-exports.
export { translate, PLACEHOLDER_SUBSCRIPTION } from './translate';
export type { AssessResource } from '../assess/report';
export type { TranslationResult } from './translate';
export { readTerraformJson, readTerraformPath, readTerraformText, TerraformInputError } from './read';
export type { ReadTerraformOptions, TerraformSource } from './read';
export { readConfiguration } from './config';
export type { ConfigFile, ReadConfigurationOptions } from './config';
export { readPlan, isPlanJson } from './plan';
export { mappingFor, mappedTypes } from './types';
export { OMIT, isCustom } from './mapping';
export type { ArgType, ArmObject, ArmValue, BlockSpec, ChildSpec, CustomResource, CustomTranslator, Field, FieldContext, MergeSpec, ResourceMapping, TypeMapping } from './mapping';
export type { InvalidInput, NotTranslated, TerraformInput, TerraformInputKind, TfInstance, TranslationNote } from './model';
export { TfRef, UNKNOWN, isUnknown, isUnknownValue, LIMITS } from './values';
export type { TfValue, TfObject } from './values';
export { EVALUATED_FUNCTIONS } from './expressions';
