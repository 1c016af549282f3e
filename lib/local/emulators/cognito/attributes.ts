/**
 * User attributes: the pool schema (standard OIDC attributes plus declared `custom:` ones),
 * validation with Cognito's messages, and the conversions to API and token shapes.
 */
import { errors } from './errors';

/** The four attribute data types of a Cognito schema. */
export type AttributeDataType = 'String' | 'Number' | 'DateTime' | 'Boolean';

/** One attribute of a pool's schema; `name` is the full name (`email`, `custom:tenantId`). */
export interface SchemaAttribute {
  name: string;
  dataType: AttributeDataType;
  mutable: boolean;
  required: boolean;
  developerOnly: boolean;
  minLength?: number;
  maxLength?: number;
  minValue?: number;
  maxValue?: number;
}

/** A `Name`/`Value` pair as the Cognito API carries attributes. */
export interface AttributeType {
  Name: string;
  Value?: string;
}

/** A schema entry as `CreateUserPool` and `AddCustomAttributes` take it. */
export interface SchemaAttributeInput {
  Name?: string;
  AttributeDataType?: AttributeDataType;
  DeveloperOnlyAttribute?: boolean;
  Mutable?: boolean;
  Required?: boolean;
  NumberAttributeConstraints?: { MinValue?: string; MaxValue?: string };
  StringAttributeConstraints?: { MinLength?: string; MaxLength?: string };
}

const STANDARD: ReadonlyArray<[string, AttributeDataType]> = [
  ['sub', 'String'], ['name', 'String'], ['given_name', 'String'], ['family_name', 'String'],
  ['middle_name', 'String'], ['nickname', 'String'], ['preferred_username', 'String'], ['profile', 'String'],
  ['picture', 'String'], ['website', 'String'], ['email', 'String'], ['email_verified', 'Boolean'],
  ['gender', 'String'], ['birthdate', 'String'], ['zoneinfo', 'String'], ['locale', 'String'],
  ['phone_number', 'String'], ['phone_number_verified', 'Boolean'], ['address', 'String'],
  ['updated_at', 'Number'], ['identities', 'String'],
];

/** The schema every pool starts with: the standard attributes, none required but `sub`. */
export function standardSchema(): Map<string, SchemaAttribute> {
  return new Map(
    STANDARD.map(([name, dataType]) => [
      name,
      { name, dataType, mutable: name !== 'sub', required: name === 'sub', developerOnly: false, maxLength: 2048 },
    ]),
  );
}

/**
 * Adds `CreateUserPool`/`AddCustomAttributes` schema entries to a schema: a standard name
 * refines that attribute, any other name declares `custom:<name>`.
 */
export function declareAttributes(schema: Map<string, SchemaAttribute>, inputs: SchemaAttributeInput[], adding: boolean): void {
  for (const input of inputs) {
    const bare = input.Name?.replace(/^custom:/, '');
    if (!bare) throw errors.invalidParameter('Attribute names must not be empty.');
    const standard = schema.get(bare);
    const isCustom = adding || !standard || input.Name !== bare;
    const name = isCustom ? `custom:${bare}` : bare;
    if (isCustom && schema.has(name)) throw errors.invalidParameter(`Existing attribute already has name ${name}.`);
    if (isCustom && bare.length > 20) throw errors.invalidParameter(`Custom attribute name ${bare} is longer than 20 characters.`);
    if (isCustom && input.Required) throw errors.invalidParameter('Required custom attributes are not supported currently.');
    const base = standard && !adding ? standard : undefined;
    const attribute: SchemaAttribute = {
      name,
      dataType: input.AttributeDataType ?? base?.dataType ?? 'String',
      mutable: input.Mutable ?? base?.mutable ?? true,
      required: input.Required ?? base?.required ?? false,
      developerOnly: input.DeveloperOnlyAttribute ?? false,
    };
    const strings = input.StringAttributeConstraints;
    const numbers = input.NumberAttributeConstraints;
    if (strings?.MinLength !== undefined) attribute.minLength = Number(strings.MinLength);
    attribute.maxLength = strings?.MaxLength !== undefined ? Number(strings.MaxLength) : 2048;
    if (numbers?.MinValue !== undefined) attribute.minValue = Number(numbers.MinValue);
    if (numbers?.MaxValue !== undefined) attribute.maxValue = Number(numbers.MaxValue);
    schema.set(name, attribute);
  }
}

/** The schema in the `SchemaAttributes` shape `DescribeUserPool` returns. */
export function schemaToApi(schema: Map<string, SchemaAttribute>): object[] {
  return [...schema.values()].map((a) => ({
    Name: a.name,
    AttributeDataType: a.dataType,
    DeveloperOnlyAttribute: a.developerOnly,
    Mutable: a.mutable,
    Required: a.required,
    ...(a.dataType === 'Number'
      ? { NumberAttributeConstraints: { MinValue: a.minValue?.toString(), MaxValue: a.maxValue?.toString() } }
      : { StringAttributeConstraints: { MinLength: String(a.minLength ?? 0), MaxLength: String(a.maxLength ?? 2048) } }),
  }));
}

function schemaError(detail: string) {
  return errors.invalidParameter(`Attributes did not conform to the schema: ${detail}`);
}

/**
 * Validates attributes an admin sets, against the schema: known names, data types, lengths
 * and mutability. `creating` allows immutable attributes, which are set once at creation.
 */
export function validateAttributes(schema: Map<string, SchemaAttribute>, attributes: AttributeType[], creating: boolean): void {
  for (const { Name: name, Value: value = '' } of attributes) {
    const attribute = schema.get(name);
    if (!attribute) throw schemaError(`Type for attribute {${name}} could not be determined`);
    if (name === 'sub') throw errors.invalidParameter('Cannot modify the non-mutable attribute sub');
    if (!creating && !attribute.mutable) throw errors.invalidParameter(`Cannot modify the non-mutable attribute ${name}`);
    if (attribute.dataType === 'Boolean' && value !== 'true' && value !== 'false') {
      throw schemaError(`${name}: Attribute value must be true or false`);
    }
    if (attribute.dataType === 'Number') {
      const n = Number(value);
      const outOfRange = (attribute.minValue !== undefined && n < attribute.minValue) || (attribute.maxValue !== undefined && n > attribute.maxValue);
      if (value === '' || Number.isNaN(n) || outOfRange) throw schemaError(`${name}: Number value is not valid`);
    }
    if (value.length > (attribute.maxLength ?? 2048) || value.length < (attribute.minLength ?? 0)) {
      throw schemaError(`${name}: String is too long or too short`);
    }
  }
}

/** Throws when a required attribute is missing, as user creation does. */
export function checkRequiredAttributes(schema: Map<string, SchemaAttribute>, attributes: Map<string, string>): void {
  for (const attribute of schema.values()) {
    if (attribute.required && attribute.name !== 'sub' && !attributes.has(attribute.name)) {
      throw schemaError(`${attribute.name}: The attribute ${attribute.name} is required`);
    }
  }
}

/** A user's attributes as the API lists them, optionally restricted to some names. */
export function attributesToApi(attributes: Map<string, string>, only?: readonly string[]): AttributeType[] {
  return [...attributes]
    .filter(([name]) => !only || only.includes(name))
    .map(([Name, Value]) => ({ Name, Value }));
}

/**
 * A user attribute as an ID token claim: Cognito types the verified flags as booleans and
 * `updated_at` as a number; everything else, custom numbers included, stays a string.
 */
export function attributeClaimValue(name: string, value: string): string | number | boolean {
  if (name === 'email_verified' || name === 'phone_number_verified') return value === 'true';
  if (name === 'updated_at') return Number(value);
  return value;
}
