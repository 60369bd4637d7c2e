/**
 * THE schema registry: every SCIM behaviour that depends on an attribute's
 * characteristics (parsing bodies, validation, filtering, sorting, projection,
 * PATCH) asks it, instead of hard-coding attribute names. It is built from RFC 7643
 * §7 schema documents, so the SCIM adapter can build the same registry from what
 * the identity service publishes over the DiscoveryService.
 */
import type { AttributeDefinition, ResourceTypeDefinition, SchemaDefinition } from './definitions';
import { COMMON_ATTRIBUTES, CORE_RESOURCE_TYPES, CORE_SCHEMAS } from './core-schemas';

/** An attribute path as written in a filter, sortBy, attributes or a PATCH path. */
export interface AttributePath {
  /** A schema URN prefix, as written (any case). */
  schema?: string;
  attribute: string;
  subAttribute?: string;
}

/** A top-level attribute of a resource type, and where it lives in SCIM JSON. */
export interface TopLevelAttribute {
  /** The canonical URN of the schema that defines it ('' for the common attributes). */
  schema: string;
  /** True when it sits under its schema URN key in SCIM JSON. */
  extension: boolean;
  definition: AttributeDefinition;
}

/** An attribute path resolved against the schemas, in canonical spelling. */
export interface ResolvedAttribute extends TopLevelAttribute {
  subAttribute?: AttributeDefinition;
  /** The characteristics that apply to the value the path names. */
  target: AttributeDefinition;
  /** The canonical path: `emails.value`, or `urn:…:enterprise:2.0:User:manager.value`. */
  path: string;
}

const lower = (s: string) => s.toLowerCase();

export function findSubAttribute(parent: AttributeDefinition, name: string): AttributeDefinition | undefined {
  const wanted = lower(name);
  return parent.subAttributes?.find((sub) => lower(sub.name) === wanted);
}

/** The schemas of one resource type: its core schema, its extensions and the common attributes. */
export class ResourceSchema {
  private readonly byName = new Map<string, TopLevelAttribute>();
  private readonly extensionsByUrn = new Map<string, SchemaDefinition>();

  constructor(
    readonly resourceType: ResourceTypeDefinition,
    readonly core: SchemaDefinition,
    readonly extensions: SchemaDefinition[],
  ) {
    for (const definition of COMMON_ATTRIBUTES) {
      this.byName.set(lower(definition.name), { schema: '', extension: false, definition });
    }
    for (const definition of core.attributes) {
      this.byName.set(lower(definition.name), { schema: core.id, extension: false, definition });
    }
    for (const extension of extensions) this.extensionsByUrn.set(lower(extension.id), extension);
  }

  get name(): string {
    return this.resourceType.name;
  }

  /** The canonical URN of one of this type's extensions, matched case-insensitively. */
  extensionUrn(key: string): string | undefined {
    return this.extensionsByUrn.get(lower(key))?.id;
  }

  /** Every top-level attribute: common, core, then each extension's. */
  topLevelAttributes(): TopLevelAttribute[] {
    const result = [...this.byName.values()];
    for (const extension of this.extensions) {
      for (const definition of extension.attributes) {
        result.push({ schema: extension.id, extension: true, definition });
      }
    }
    return result;
  }

  /** A top-level attribute by name, in the core schema (or common) unless a schema URN is given. */
  topLevel(name: string, schema?: string): TopLevelAttribute | undefined {
    if (schema === undefined || lower(schema) === lower(this.core.id)) return this.byName.get(lower(name));
    const extension = this.extensionsByUrn.get(lower(schema));
    const definition = extension?.attributes.find((a) => lower(a.name) === lower(name));
    return extension && definition ? { schema: extension.id, extension: true, definition } : undefined;
  }

  /**
   * Resolves a path case-insensitively. Without a URN, core attributes win over
   * extension attributes of the same name (RFC 7644 §3.10 lets clients omit the URN
   * of core attributes only, but IdPs omit it for extensions too). Returns undefined
   * for an unknown attribute or a sub-attribute of a simple attribute.
   */
  resolve(path: AttributePath): ResolvedAttribute | undefined {
    let top = this.topLevel(path.attribute, path.schema);
    if (!top && path.schema === undefined) {
      top = this.extensions
        .map((extension) => this.topLevel(path.attribute, extension.id))
        .find((candidate) => candidate !== undefined);
    }
    if (!top) return undefined;
    const prefix = top.extension ? `${top.schema}:` : '';
    if (path.subAttribute === undefined) {
      return { ...top, target: top.definition, path: prefix + top.definition.name };
    }
    const subAttribute = findSubAttribute(top.definition, path.subAttribute);
    if (!subAttribute) return undefined;
    return { ...top, subAttribute, target: subAttribute, path: `${prefix}${top.definition.name}.${subAttribute.name}` };
  }
}

export class SchemaRegistry {
  private readonly resources = new Map<string, ResourceSchema>();

  constructor(
    readonly schemas: SchemaDefinition[],
    readonly resourceTypes: ResourceTypeDefinition[],
  ) {
    const schemaById = new Map(schemas.map((schema) => [lower(schema.id), schema]));
    const find = (urn: string) => {
      const schema = schemaById.get(lower(urn));
      if (!schema) throw new Error(`Resource types refer to the unknown schema ${urn}.`);
      return schema;
    };
    for (const type of resourceTypes) {
      const extensions = type.schemaExtensions.map((extension) => find(extension.schema));
      this.resources.set(lower(type.name), new ResourceSchema(type, find(type.schema), extensions));
    }
  }

  /** The registry of RFC 7643's User, Group and EnterpriseUser. */
  static core(): SchemaRegistry {
    return new SchemaRegistry(CORE_SCHEMAS, CORE_RESOURCE_TYPES);
  }

  resource(name: string): ResourceSchema {
    const resource = this.resources.get(lower(name));
    if (!resource) throw new Error(`Unknown resource type ${name}.`);
    return resource;
  }

  schema(id: string): SchemaDefinition | undefined {
    return this.schemas.find((schema) => lower(schema.id) === lower(id));
  }
}
