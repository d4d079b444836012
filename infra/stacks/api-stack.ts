/**
 * The public face: the HTTP API and one Lambda per declared route group, with routes exactly as
 * declared, authorized against the user directory of the stateful stack, and the web app served
 * by CloudFront on one domain with the API (WebAppHosting). Stateless: it can be destroyed and
 * redeployed at will without losing an account.
 *
 * The hosting is here, not in a stack of its own, because the references form a chain only
 * within one stack: the order functions' GANCANG_APP_URL names the distribution, the
 * distribution names the API's domain, the API's integrations name the functions; and the JWT
 * authorizer accepts the web client, whose callback names the distribution.
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { Construct } from 'constructs';
import type { FunctionName } from '../declaration.ts';
import { declaredFunction, type DeclaredResources } from '../constructs/declared-function.ts';
import type { GancangFunction } from '../constructs/gancang-function.ts';
import { GancangHttpApi } from '../constructs/gancang-http-api.ts';
import { WebAppHosting } from '../constructs/web-app-hosting.ts';
import type { UserDirectory } from '../constructs/user-directory.ts';
import { functionRoles, type Declaration } from './declared.ts';

export interface ApiStackProps extends StackProps {
  readonly declaration: Declaration;
  readonly resources: DeclaredResources;
  /** The stateful stack's user pool and app client. */
  readonly users: UserDirectory;
  /** The web app's hosted sign-in domain prefix and map tiles. */
  readonly web: { readonly authDomainPrefix: string; readonly mapTiles: string | null };
}

export class ApiStack extends Stack {
  readonly http: GancangHttpApi;
  readonly web: WebAppHosting;
  readonly functions: Partial<Record<FunctionName, GancangFunction>> = {};

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { declaration, resources, users } = props;

    this.http = new GancangHttpApi(this, 'Api');
    this.web = new WebAppHosting(this, 'Web', { httpApi: this.http.api, userPool: users.userPool, ...props.web });
    // Tokens of the operators' app client and of the web app's client are both accepted.
    const authorizer = new HttpJwtAuthorizer('CognitoJwt', users.issuer, {
      jwtAudience: [users.client.userPoolClientId, this.web.client.userPoolClientId],
    });
    const withAppUrl: DeclaredResources = { ...resources, appUrl: this.web.appUrl };

    const integrations = new Map<FunctionName, HttpLambdaIntegration>();
    for (const [name, role] of Object.entries(functionRoles(declaration)) as [FunctionName, string][]) {
      if (role !== 'api') continue;
      const fn = declaredFunction(this, name, declaration, withAppUrl);
      this.functions[name] = fn;
      integrations.set(name, new HttpLambdaIntegration(`${name}Integration`, fn.fn));
    }
    for (const route of declaration.routes) {
      const integration = integrations.get(route.fn);
      if (!integration) throw new Error(`Route ${route.method} ${route.path} names unknown function '${route.fn}'`);
      this.http.addDeclaredRoute(route, integration, authorizer);
    }

    this.http.alarmOn(resources.alarmTopic);

    new CfnOutput(this, 'AppUrl', { value: this.web.appUrl, description: 'The web app, and the API under /v1 on the same origin' });
    new CfnOutput(this, 'ApiUrl', { value: this.http.stage.url, description: 'Base URL of the Gancang API' });
    new CfnOutput(this, 'SignInDomain', { value: this.web.signInDomain.baseUrl(), description: 'Cognito hosted sign-in of the web app' });
    new CfnOutput(this, 'WebClientId', { value: this.web.client.userPoolClientId });
    new CfnOutput(this, 'UserPoolId', { value: users.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: users.client.userPoolClientId });
    new CfnOutput(this, 'Region', { value: this.region });
  }
}
