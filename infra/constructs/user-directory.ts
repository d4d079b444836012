/**
 * Who may call the API: a Cognito user pool whose groups are the six roles, a resource server
 * `gancang` with one scope per role, and a Pre Token Generation trigger that puts the scopes of a
 * user's role groups into the access token, which is what the HTTP API's JWT authorizer checks.
 */
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  FeaturePlan,
  LambdaVersion,
  Mfa,
  OAuthScope,
  ResourceServerScope,
  UserPool,
  UserPoolOperation,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { ROLES, SCOPE_PREFIX } from '../declaration.ts';
import { GancangFunction } from './gancang-function.ts';

export interface UserDirectoryProps {
  /** OAuth redirect URLs of the apps that use the hosted sign-in. */
  readonly callbackUrls: readonly string[];
}

export class UserDirectory extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  /** The `iss` of the pool's tokens, for JWT authorizers. */
  readonly issuer: string;

  constructor(scope: Construct, id: string, props: UserDirectoryProps) {
    super(scope, id);

    const preToken = new GancangFunction(this, 'PreTokenGeneration', {
      name: 'cognitoPreToken',
      entry: 'functions/platform/cognito-pre-token.ts',
      timeoutSeconds: 5,
      memoryMb: 256,
      description: 'Gancang: adds the gancang/<role> scopes of the user\'s groups to access tokens',
    });

    this.userPool = new UserPool(this, 'UserPool', {
      // ESSENTIALS is the smallest plan whose Pre Token Generation V2 can add access-token scopes.
      featurePlan: FeaturePlan.ESSENTIALS,
      // Citizens sign themselves up; staff roles are granted only by adding a user to a group.
      selfSignUpEnabled: true,
      signInAliases: { email: true },
      autoVerify: { email: true },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      passwordPolicy: {
        minLength: 10,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
      },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      // Accounts and group memberships are state: a redeploy of the API must never lose them.
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.userPool.addTrigger(UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG, preToken.fn, LambdaVersion.V2_0);

    for (const role of ROLES) {
      this.userPool.addGroup(`${role}Group`, { groupName: role, description: `Gancang role ${role}` });
    }
    const resourceServer = this.userPool.addResourceServer('ResourceServer', {
      identifier: SCOPE_PREFIX,
      scopes: ROLES.map((role) => new ResourceServerScope({ scopeName: role, scopeDescription: `Acts as ${role}` })),
    });

    this.client = this.userPool.addClient('AppClient', {
      generateSecret: false,
      // SRP for apps; USER_PASSWORD_AUTH (over TLS) so operators and scripts can sign in with the AWS CLI.
      authFlows: { userSrp: true, userPassword: true },
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      oAuth: {
        flows: { authorizationCodeGrant: true },
        callbackUrls: [...props.callbackUrls],
        scopes: [
          OAuthScope.OPENID,
          OAuthScope.EMAIL,
          ...ROLES.map((role) => OAuthScope.resourceServer(resourceServer, new ResourceServerScope({ scopeName: role, scopeDescription: role }))),
        ],
      },
    });
    this.issuer = this.userPool.userPoolProviderUrl;

    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG2',
      reason:
        'MFA is optional (TOTP) rather than required: most users are citizens ordering medicine or food on basic ' +
        'phones, and SMS MFA would add per-message cost; staff roles are expected to enrol TOTP.',
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG8',
      reason:
        'The Essentials plan is what Pre Token Generation V2 requires; the Plus plan (threat protection) is priced ' +
        'per monthly active user for a citizen-facing regency service and is left to the operator to enable.',
    });
  }
}
