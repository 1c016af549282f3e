/**
 * The API's routes: one function per route of the model, in a nested stack per area (the
 * route's tag), and one method per route that reaches its function by name.
 */
import { ArnFormat, NestedStack, Stack, Validations } from 'aws-cdk-lib';
import { AuthorizationType, Integration, IntegrationType, type CognitoUserPoolsAuthorizer, type Method, type RestApi } from 'aws-cdk-lib/aws-apigateway';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { acceptedScopes } from '#lib/model/scopes';
import type { RouteDecl } from '#lib/model/types';
import type { HydrantFunction } from './hydrant-function';
import type { ModelPartProps } from './model-functions';

/** Props of {@link ApiRoutes}. */
export interface ApiRoutesProps extends ModelPartProps {
  readonly routes: readonly RouteDecl[];
  readonly api: RestApi;
  readonly authorizer: CognitoUserPoolsAuthorizer;
}

/**
 * The route functions, in nested stacks `Routes<Tag>` of `scope`, and their methods on the
 * API. No dependency of the deployment on the nested stacks: the functions that manage API
 * keys name the usage plans, which name the stage. On the very first deploy the stage may
 * go live a few seconds before its functions exist (calls then fail with a 5xx).
 */
export class ApiRoutes {
  /** One function per route, by operation id. */
  readonly functions: ReadonlyMap<string, HydrantFunction>;
  /** One method per route, by operation id. */
  readonly methods: ReadonlyMap<string, Method>;
  /** The nested stack of each area (route tag) that holds its route functions. */
  readonly stacks = new Map<string, NestedStack>();

  constructor(
    private readonly scope: Construct,
    private readonly props: ApiRoutesProps,
  ) {
    const functions = new Map<string, HydrantFunction>();
    const methods = new Map<string, Method>();
    for (const route of props.routes) {
      if (functions.has(route.operationId)) throw new Error(`Duplicate operationId ${route.operationId} in the app model`);
      const fn = props.functions.create(this.routeStack(route.tag), route.operationId, route.handler, route.fn, `${route.method} ${route.path} (${route.operationId})`, {
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
   * The nested stack of an area's route functions. One Lambda per route costs about four
   * CloudFormation resources (function, role, log group, permission): the routes of every
   * area in one stack would pass CloudFormation's 500-resource limit, so each area (the
   * route's tag, a bounded context) gets a nested stack of its own. Methods stay with the API.
   */
  private routeStack(tag: string): NestedStack {
    let nested = this.stacks.get(tag);
    if (!nested) {
      const id = `Routes${tag.replace(/[^A-Za-z0-9]/g, '')}`;
      nested = new NestedStack(this.scope, id, { description: `Hydrant ${this.props.stage}: route functions of ${tag}` });
      this.stacks.set(tag, nested);
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
      sourceArn: this.props.api.arnForExecuteApi(route.method, route.path.replace(/\{[^}]+\}/g, '*'), '*'),
    });
    return method;
  }

  private addMethod(route: RouteDecl): Method {
    const resource = this.props.api.root.resourceForPath(route.path);
    const integration = this.integrationOf(route);
    if (route.auth.kind === 'authenticated') {
      return resource.addMethod(route.method, integration, {
        operationName: route.operationId,
        apiKeyRequired: route.apiKey,
        authorizer: this.props.authorizer,
        authorizationType: AuthorizationType.COGNITO,
        // Roles are checked by the function: a Cognito authorizer cannot test groups.
        authorizationScopes: acceptedScopes(route.auth),
      });
    }
    const method = resource.addMethod(route.method, integration, {
      operationName: route.operationId,
      apiKeyRequired: route.apiKey,
      authorizationType: AuthorizationType.NONE,
    });
    const why = `${route.method} ${route.path} (${route.operationId}) is public by design in the app model: ${
      route.apiKey ? 'it is how a client obtains a token, so it cannot require one; it still requires a usage-plan API key and sits behind the WAF' : 'an unauthenticated liveness probe returning no data'
    }.`;
    Validations.of(method).acknowledge({ id: 'AwsSolutions-APIG4', reason: why }, { id: 'AwsSolutions-COG4', reason: why });
    return method;
  }

  /**
   * The proxy integration of a route: the method addresses its function by its fixed name
   * instead of referencing it. The functions live in nested stacks (see `routeStack`), and
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
