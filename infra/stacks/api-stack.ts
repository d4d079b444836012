/**
 * The public face: the HTTP API and one Lambda per declared route group, with routes exactly as
 * declared, authorized against the user directory of the stateful stack. Stateless: it can be
 * destroyed and redeployed at will without losing an account.
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { Construct } from 'constructs';
import { APP_URL_ENV } from '#platform/env';
import type { FunctionName } from '../declaration.ts';
import { declaredFunction, type DeclaredResources } from '../constructs/declared-function.ts';
import type { GancangFunction } from '../constructs/gancang-function.ts';
import { GancangHttpApi } from '../constructs/gancang-http-api.ts';
import type { UserDirectory } from '../constructs/user-directory.ts';
import { functionRoles, type Declaration } from './declared.ts';

export interface ApiStackProps extends StackProps {
  readonly declaration: Declaration;
  readonly resources: DeclaredResources;
  /** The stateful stack's user pool and app client. */
  readonly users: UserDirectory;
  /** The web app's origin, if known when the stack is built (else see `linkToApp`). */
  readonly appUrl?: string;
}

export class ApiStack extends Stack {
  readonly http: GancangHttpApi;
  readonly functions: Partial<Record<FunctionName, GancangFunction>> = {};
  private readonly declaration: Declaration;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { declaration, resources, users } = props;
    this.declaration = declaration;

    this.http = new GancangHttpApi(this, 'Api');
    const authorizer = new HttpJwtAuthorizer('CognitoJwt', users.issuer, {
      jwtAudience: [users.client.userPoolClientId],
    });

    const integrations = new Map<FunctionName, HttpLambdaIntegration>();
    for (const [name, role] of Object.entries(functionRoles(declaration)) as [FunctionName, string][]) {
      if (role !== 'api') continue;
      const fn = declaredFunction(this, name, declaration, resources);
      this.functions[name] = fn;
      integrations.set(name, new HttpLambdaIntegration(`${name}Integration`, fn.fn));
    }
    for (const route of declaration.routes) {
      const integration = integrations.get(route.fn);
      if (!integration) throw new Error(`Route ${route.method} ${route.path} names unknown function '${route.fn}'`);
      this.http.addDeclaredRoute(route, integration, authorizer);
    }

    this.http.alarmOn(resources.alarmTopic);
    if (props.appUrl !== undefined) this.linkToApp(props.appUrl);

    new CfnOutput(this, 'ApiUrl', { value: this.http.stage.url, description: 'Base URL of the Gancang API' });
    new CfnOutput(this, 'UserPoolId', { value: users.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: users.client.userPoolClientId });
    new CfnOutput(this, 'Region', { value: this.region });
  }

  /**
   * Points the links the API hands out (a medicine order's `trackingUrl`) at the web app: sets
   * GANCANG_APP_URL on every function declared `linksToApp`. `appUrl` is an origin without a
   * trailing path, e.g. `https://${distribution.distributionDomainName}`; a token of a construct in
   * this stack is fine (a distribution in another stack that routes to this API would make the
   * two stacks reference each other). Until it is called the variable is empty and the links are
   * relative (`/track/…`), right for a client on the app's origin.
   */
  linkToApp(appUrl: string): void {
    for (const [name, fn] of Object.entries(this.functions) as [FunctionName, GancangFunction][]) {
      if (this.declaration.functions[name].linksToApp) fn.fn.addEnvironment(APP_URL_ENV, appUrl);
    }
  }
}
