/**
 * The API's routes: one function per route of the model, in a nested stack per area (the
 * route's tag), and one method per route that reaches its function by name, in a second
 * nested stack per area.
 */
import { ArnFormat, NestedStack, Stack, Validations } from 'aws-cdk-lib';
import { AuthorizationType, Integration, IntegrationType, Resource, type IResource, type Method } from 'aws-cdk-lib/aws-apigateway';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { acceptedScopes } from '#lib/model/scopes';
import type { RouteDecl } from '#lib/model/types';
import type { HydrantApi } from './api';
import type { HydrantFunction } from './hydrant-function';
import type { ModelPartProps } from './model-functions';

/** Props of {@link ApiRoutes}. */
export interface ApiRoutesProps extends ModelPartProps {
  readonly routes: readonly RouteDecl[];
  readonly api: HydrantApi;
}

/**
 * The route functions, in nested stacks `Routes<Tag>` of `scope`, and their methods (with
 * the CORS preflight of every resource, when origins are set), in nested stacks
 * `Methods<Tag>`. The API's resources stay in `scope`'s stack, as a path may hold routes
 * of several areas; the methods, two per path with CORS, would pass its 500-resource limit.
 *
 * Methods and functions are in different stacks because the deployment waits for every
 * method (so that a changed method is deployed) while the functions that manage API keys
 * name the usage plans, which name the stage, which waits for the deployment: in one stack
 * that would be a cycle. No dependency of the deployment on the functions: on the very first
 * deploy the stage may go live a few seconds before its functions exist (calls then fail with a 5xx).
 */
export class ApiRoutes {
  /** One function per route, by operation id. */
  readonly functions: ReadonlyMap<string, HydrantFunction>;
  /** One method per route, by operation id. */
  readonly methods: ReadonlyMap<string, Method>;
  /** The nested stack of each area (route tag) that holds its route functions. */
  readonly stacks = new Map<string, NestedStack>();
  /** The nested stack of each area (route tag) that holds its methods. */
  readonly methodStacks = new Map<string, NestedStack>();
  /** The API's resources already answering CORS preflight, by path. */
  private readonly preflighted = new Set<string>();

  constructor(
    private readonly scope: Construct,
    private readonly props: ApiRoutesProps,
  ) {
    const functions = new Map<string, HydrantFunction>();
    const methods = new Map<string, Method>();
    for (const route of props.routes) {
      if (functions.has(route.operationId)) throw new Error(`Duplicate operationId ${route.operationId} in the app model`);
      const fn = props.functions.create(this.areaStack(this.stacks, 'Routes', 'route functions', route.tag), route.operationId, route.handler, route.fn, `${route.method} ${route.path} (${route.operationId})`, {
        route: true,
        functionName: this.functionName(route),
      });
      functions.set(route.operationId, fn);
      methods.set(route.operationId, this.addRoute(route, fn));
    }
    this.functions = functions;
    this.methods = methods;
  }

  /**
   * The nested stack of an area's route functions or methods. One Lambda per route costs
   * about four CloudFormation resources (function, role, log group, permission) and a route
   * one or two methods: the routes of every area in one stack would pass CloudFormation's
   * 500-resource limit, so each area (the route's tag, a bounded context) gets nested stacks of its own.
   */
  private areaStack(stacks: Map<string, NestedStack>, prefix: string, what: string, tag: string): NestedStack {
    let nested = stacks.get(tag);
    if (!nested) {
      const id = `${prefix}${tag.replace(/[^A-Za-z0-9]/g, '')}`;
      nested = new NestedStack(this.scope, id, { description: `Hydrant ${this.props.stage}: ${what} of ${tag}` });
      stacks.set(tag, nested);
    }
    return nested;
  }

  /** `hydrant-<stage>-<operationId>`: the physical name of a route function integrated by name. */
  private functionName(route: RouteDecl): string {
    const name = `hydrant-${this.props.stage}-${route.operationId}`;
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(name)) throw new Error(`${route.operationId}: function name ${name} is not a valid Lambda name (1-64 letters, digits, - and _)`);
    return name;
  }

  private addRoute(route: RouteDecl, fn: HydrantFunction): Method {
    const method = this.addMethod(route);
    // What LambdaIntegration grants: API Gateway may invoke the function for this method of
    // this API only. Any stage: naming the stage would make the function's stack wait for the
    // deployment, which waits for the functions.
    fn.function.addPermission(`ApiPermission.${route.method}.${route.operationId}`, {
      principal: new ServicePrincipal('apigateway.amazonaws.com'),
      sourceArn: this.props.api.api.arnForExecuteApi(route.method, route.path.replace(/\{[^}]+\}/g, '*'), '*'),
    });
    return method;
  }

  private addMethod(route: RouteDecl): Method {
    const resource = this.resourceIn(this.areaStack(this.methodStacks, 'Methods', 'methods', route.tag), route.path);
    const integration = this.integrationOf(route);
    const { authorizer } = this.props.api;
    const method =
      route.auth.kind === 'authenticated'
        ? resource.addMethod(route.method, integration, {
            operationName: route.operationId,
            apiKeyRequired: route.apiKey,
            authorizer,
            authorizationType: AuthorizationType.COGNITO,
            // Roles are checked by the function: a Cognito authorizer cannot test groups.
            authorizationScopes: acceptedScopes(route.auth),
          })
        : resource.addMethod(route.method, integration, {
            operationName: route.operationId,
            apiKeyRequired: route.apiKey,
            authorizationType: AuthorizationType.NONE,
          });
    if (route.auth.kind !== 'authenticated') {
      const why = `${route.method} ${route.path} (${route.operationId}) is public by design in the app model: ${
        route.apiKey ? 'it is how a client obtains a token, so it cannot require one; it still requires a usage-plan API key and sits behind the WAF' : 'an unauthenticated liveness probe returning no data'
      }.`;
      Validations.of(method).acknowledge({ id: 'AwsSolutions-APIG4', reason: why }, { id: 'AwsSolutions-COG4', reason: why });
    }
    this.props.api.deploys(method);
    return method;
  }

  /**
   * The API's resource of a path, made in the API's stack, as seen from an area's methods
   * stack; with CORS, the preflight of that resource and of every one above it not yet
   * answered is added there too (the first area to reach a resource answers its preflight).
   */
  private resourceIn(stack: NestedStack, path: string): IResource {
    const { api } = this.props.api;
    // Imported with the RestApi itself (not an IRestApi): a method on it then attaches to the
    // API's deployment, which waits for it (CloudFormation: a DependsOn its nested stack).
    const imported = (resource: IResource): IResource => {
      const id = `Resource${resource.path.replaceAll('/', '.')}`;
      return (stack.node.tryFindChild(id) as IResource | undefined) ?? Resource.fromResourceAttributes(stack, id, { restApi: api, resourceId: resource.resourceId, path: resource.path });
    };
    const target = api.root.resourceForPath(path);
    const cors = this.props.api.corsPreflight;
    if (cors) {
      for (let at: IResource | undefined = target; at; at = at.parentResource) {
        if (this.preflighted.has(at.path)) continue;
        this.preflighted.add(at.path);
        // cdk-nag accepts a preflight without authorizer: it answers CORS headers only.
        this.props.api.deploys(imported(at).addCorsPreflight(cors));
      }
    }
    return imported(target);
  }

  /**
   * The proxy integration of a route: the method addresses its function by its fixed name
   * instead of referencing it. The functions live in nested stacks (see `areaStack`), and
   * a reference from a method would make the API's deployment wait for them while their
   * invoke permissions name the API: a cycle between stacks. A function that manages API
   * keys has the same cycle within one stack (its IAM names the usage plans, which name
   * the stage, the deployment and every method), which this also avoids.
   */
  private integrationOf(route: RouteDecl): Integration {
    const stack = Stack.of(this.scope);
    const functionArn = stack.formatArn({
      service: 'lambda',
      resource: 'function',
      resourceName: this.functionName(route),
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    return new Integration({
      type: IntegrationType.AWS_PROXY,
      integrationHttpMethod: 'POST',
      uri: `arn:${stack.partition}:apigateway:${stack.region}:lambda:path/2015-03-31/functions/${functionArn}/invocations`,
    });
  }
}

