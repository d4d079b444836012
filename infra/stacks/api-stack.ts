/**
 * The public face: the HTTP API and one Lambda per declared route group, with routes exactly as
 * declared, authorized against the user directory of the stateful stack. Stateless: it can be
 * destroyed and redeployed at will without losing an account.
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { Construct } from 'constructs';
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
}

export class ApiStack extends Stack {
  readonly http: GancangHttpApi;
  readonly functions: Partial<Record<FunctionName, GancangFunction>> = {};

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { declaration, resources, users } = props;

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

    new CfnOutput(this, 'ApiUrl', { value: this.http.stage.url, description: 'Base URL of the Gancang API' });
    new CfnOutput(this, 'UserPoolId', { value: users.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: users.client.userPoolClientId });
    new CfnOutput(this, 'Region', { value: this.region });
  }
}
