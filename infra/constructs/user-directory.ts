/**
 * Who may call the API: a Cognito user pool whose groups are the six roles, a resource server
 * `gancang` with one scope per role, and two triggers: Post Confirmation puts each self-registered
 * user into `citizen`; Pre Token Generation puts the scopes of a user's role groups into the
 * access token, which is what the HTTP API's JWT authorizer checks, and gives staff roles only to
 * users with TOTP enabled (functions/platform/cognito-pre-token.ts says why it is done there).
 *
 * Accounts and group memberships are state, so this lives in the stateful stack, retained.
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
import { Policy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { ROLES, SCOPE_PREFIX } from '../declaration.ts';
import { GancangFunction } from './gancang-function.ts';

/** The triggers' handler modules (named like declared functions, but deployed only on AWS). */
export const COGNITO_TRIGGERS = {
  cognitoPreToken: 'functions/platform/cognito-pre-token.ts',
  cognitoPostConfirmation: 'functions/platform/cognito-post-confirmation.ts',
} as const;

export interface UserDirectoryProps {
  /** OAuth redirect URLs of the apps that use the hosted sign-in. */
  readonly callbackUrls: readonly string[];
  /** Where the triggers' alarms go. */
  readonly alarmTopic: ITopic;
}

export class UserDirectory extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  /** The `iss` of the pool's tokens, for JWT authorizers. */
  readonly issuer: string;
  readonly preTokenGeneration: GancangFunction;
  readonly postConfirmation: GancangFunction;

  constructor(scope: Construct, id: string, props: UserDirectoryProps) {
    super(scope, id);

    // Cognito waits 5 s for a trigger, so neither may run longer.
    const preToken = new GancangFunction(this, 'PreTokenGeneration', {
      name: 'cognitoPreToken',
      entry: COGNITO_TRIGGERS.cognitoPreToken,
      timeoutSeconds: 5,
      memoryMb: 256,
      description: 'Gancang: adds the gancang/<role> scopes of the user\'s groups to access tokens (staff roles need TOTP)',
      environment: { POWERTOOLS_SERVICE_NAME: 'gancang-cognitoPreToken' },
    });
    const postConfirmation = new GancangFunction(this, 'PostConfirmation', {
      name: 'cognitoPostConfirmation',
      entry: COGNITO_TRIGGERS.cognitoPostConfirmation,
      timeoutSeconds: 5,
      memoryMb: 256,
      description: 'Gancang: puts self-registered users into the citizen group',
      environment: { POWERTOOLS_SERVICE_NAME: 'gancang-cognitoPostConfirmation' },
    });
    this.preTokenGeneration = preToken;
    this.postConfirmation = postConfirmation;
    // Every failure of a trigger is a person who could not sign in or whose sign-up left them
    // without the citizen role, so one is enough to page.
    preToken.alarmOn(props.alarmTopic, { errorsWithinFiveMinutes: 1 });
    postConfirmation.alarmOn(props.alarmTopic, { errorsWithinFiveMinutes: 1 });

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
    this.userPool.addTrigger(UserPoolOperation.POST_CONFIRMATION, postConfirmation.fn);
    // The pool names its triggers and the triggers' grants name the pool. A Lambda function waits
    // for its role's default policy, so a grant there would close the loop (pool → function →
    // policy → pool); a separate policy on the role is created after the pool instead.
    const onThisPool = (id: string, action: string, fn: GancangFunction): Policy =>
      new Policy(fn, id, {
        roles: [fn.role],
        statements: [new PolicyStatement({ actions: [action], resources: [this.userPool.userPoolArn] })],
      });
    onThisPool('ReadsMfaSettings', 'cognito-idp:AdminGetUser', preToken);
    onThisPool('AddsCitizens', 'cognito-idp:AdminAddUserToGroup', postConfirmation);

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
