import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { Annotations, CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  type IDistribution,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type CfnBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { isChinaRegion, type StageConfig } from '../config';
import { ANY_RESOURCE, acknowledge, BASIC_EXECUTION_ROLE } from '../nag-acknowledgements';
import { ChinaDistribution } from './china-distribution';

/**
 * The web pages (web/dist, built by the web project) from a private S3 bucket behind CloudFront,
 * with a security-headers response policy and access logs. Global regions: the CDK Distribution
 * with Origin Access Control. China: a CfnDistribution as in AWS's China samples (constructs/
 * china-distribution.ts), because CloudFront there has no OAC, no CloudFront Functions, no ACM, and
 * rejects the CachePolicyId the L2 construct always emits (aws/aws-cdk#31033).
 *
 * Uploading the pages: globally a BucketDeployment, when the pages exist at synth time (else a
 * warning says none were uploaded). Not in China: the BucketDeployment's handler runs on a Python
 * runtime that the China allow-list (infra/lambda-platforms.ts) does not hold, so the pages are
 * uploaded with `aws s3 sync` after the deploy (docs/deploying.md, China), from the outputs
 * `WebBucketName` and `WebDistributionId`.
 */
export class WebSite extends Construct {
  readonly bucket: Bucket;
  readonly distribution: IDistribution;
  /** The https origin of the pages (the first alternate domain, else CloudFront's own domain). */
  readonly origin: string;
  /** Every https origin the pages are served from (each alternate domain, else CloudFront's own). */
  readonly pageOrigins: string[];
  /** The upload of the pages, where this stage makes one (global regions, pages built). */
  private deployment: BucketDeployment | null = null;

  constructor(
    scope: Construct,
    id: string,
    config: StageConfig,
    options: WebSiteOptions = { signInOrigins: [] },
  ) {
    super(scope, id);
    const stack = Stack.of(this);
    const logs = new Bucket(this, 'AccessLogs', {
      // CloudFront's standard logs are delivered with an ACL grant: the bucket must allow ACLs.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // Viewers' IP addresses are personal information: kept as long as the API's logs, no longer
      // (RetentionDays values are numbers of days).
      lifecycleRules: [{ expiration: Duration.days(config.logRetention) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(logs, [['AwsSolutions-S1', 'This bucket is itself the access-log bucket of the web pages.']]);
    this.bucket = new Bucket(this, 'Pages', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 's3/',
      // Kept if the stack goes: CloudFormation cannot delete a bucket that still holds the pages.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const headers = securityHeaders(this, stack, options.signInOrigins);

    if (isChinaRegion(config.region)) {
      const china = new ChinaDistribution(this, 'China', {
        bucket: this.bucket,
        logs,
        domainNames: config.web.domainNames,
        iamCertificateId:
          config.web.certificate && 'iamCertificateId' in config.web.certificate
            ? config.web.certificate.iamCertificateId
            : '',
        responseHeadersPolicyId: config.web.securityHeaders ? headers.responseHeadersPolicyId : undefined,
      });
      this.distribution = china.distribution;
      Annotations.of(this).addInfo(
        'China: the pages are not uploaded by the stack; run `aws s3 sync` (docs/deploying.md, China).',
      );
    } else {
      const certificate =
        config.web.certificate && 'acmCertificateArn' in config.web.certificate
          ? Certificate.fromCertificateArn(this, 'Certificate', config.web.certificate.acmCertificateArn)
          : undefined;
      const distribution = new Distribution(this, 'Distribution', {
        comment: `minyi ${config.stage} web pages`,
        defaultBehavior: {
          origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
          viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
          cachePolicy: CachePolicy.CACHING_OPTIMIZED,
          responseHeadersPolicy: config.web.securityHeaders ? headers : undefined,
        },
        defaultRootObject: 'index.html',
        // The pages route in the browser: a deep link (an emailed order) must load index.html.
        errorResponses: [403, 404].map((httpStatus) => ({
          httpStatus,
          responseHttpStatus: 200,
          responsePagePath: '/index.html',
          ttl: Duration.minutes(1),
        })),
        domainNames: config.web.domainNames.length > 0 ? config.web.domainNames : undefined,
        certificate,
        minimumProtocolVersion: certificate ? SecurityPolicyProtocol.TLS_V1_2_2021 : undefined,
        httpVersion: HttpVersion.HTTP2_AND_3,
        enableLogging: true,
        logBucket: logs,
        logFilePrefix: 'cloudfront/',
      });
      acknowledge(distribution, [
        [
          'AwsSolutions-CFR1',
          "No geographic restriction: citizens abroad (and their lawyers) may follow their own court's requests.",
        ],
        [
          'AwsSolutions-CFR2',
          'No WAF on static pages: they hold no data; the API behind them is throttled and authorizes every staff route.',
        ],
        ...(certificate
          ? []
          : ([
              [
                'AwsSolutions-CFR4',
                "A stage without its own domain serves on CloudFront's default certificate, which CloudFront keeps at TLS 1.0+; stages with a domain use TLSv1.2_2021.",
              ],
            ] as Array<[string, string]>)),
      ]);
      this.distribution = distribution;
      this.upload(config, distribution);
    }
    this.pageOrigins =
      config.web.domainNames.length > 0
        ? config.web.domainNames.map((d) => `https://${d}`)
        : [`https://${this.distribution.distributionDomainName}`];
    this.origin = this.pageOrigins[0]!;
  }

  /** Uploads the built pages, when they exist; otherwise says so at synth. */
  private upload(config: StageConfig, distribution: IDistribution): void {
    const path = isAbsolute(config.web.assetsPath)
      ? config.web.assetsPath
      : join(process.cwd(), config.web.assetsPath);
    if (!existsSync(join(path, 'index.html'))) {
      Annotations.of(this).addWarningV2(
        'minyi:web-pages-missing',
        `No web pages at ${path} (run \`npm run build:web\`, or give -c webAssets=<dir>): the distribution serves what the bucket already holds.`,
      );
      return;
    }
    const deployment = new BucketDeployment(this, 'Upload', {
      sources: [Source.asset(path)],
      destinationBucket: this.bucket,
      distribution,
      distributionPaths: ['/*'],
      memoryLimit: 256,
    });
    this.deployment = deployment;
    // The handler is one function per stack (CDK's singleton), not a child of the deployment.
    const handler = deployment.handlerRole.node.scope;
    if (!handler) return;
    const region = Stack.of(this).region;
    acknowledge(handler, [
      BASIC_EXECUTION_ROLE,
      ...(['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*'].map((action) => [
        `AwsSolutions-IAM5[Action::${action}]`,
        "CDK's BucketDeployment handler reads the pages' asset and replaces this bucket's objects (grantRead/grantReadWrite).",
      ]) as Array<[string, string]>),
      [
        `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-${region}/*]`,
        "CDK's BucketDeployment handler reads the pages' asset from the bootstrap asset bucket.",
      ],
      [
        `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(this.bucket.node.defaultChild as CfnBucket)}.Arn>/*]`,
        "CDK's BucketDeployment handler writes every object of the pages into this bucket.",
      ],
      ['AwsSolutions-L1', "CDK's BucketDeployment handler: its Python runtime is chosen by aws-cdk-lib."],
      [
        ANY_RESOURCE,
        "CDK's BucketDeployment handler invalidates the distribution after an upload: aws-cdk-lib grants cloudfront:CreateInvalidation/GetInvalidation on *.",
      ],
    ]);
  }

  /**
   * `/config.json` beside the pages (web/src/shared/config.ts): where the API is and how staff sign
   * in. The pages read it at run time, so one build serves every stage. Uploaded with the pages
   * where the stack uploads them; else (China) given as the output `WebConfigJson`, to be put in
   * the bucket with the pages (docs/deploying.md, China).
   */
  publishConfig(config: {
    apiBaseUrl: string;
    auth: { mode: 'oidc'; authority: string; clientId: string; scope: string };
  }): void {
    this.deployment?.addSource(Source.jsonData('config.json', config));
    new CfnOutput(this, 'ConfigJson', {
      key: 'WebConfigJson',
      value: Stack.of(this).toJsonString(config),
      description: 'the contents of /config.json next to the pages',
    });
  }
}

export interface WebSiteOptions {
  /**
   * Origins the desk must reach to sign staff in (the issuer's discovery document, its token
   * endpoint): admitted by the pages' CSP `connect-src`, and nothing else beyond the API.
   */
  signInOrigins: string[];
}

/**
 * Security headers for the pages: scripts, styles and data only from the site itself, the
 * region's API Gateway endpoints (the API answers on execute-api) and the sign-in's own origins
 * (without them the desk's OIDC discovery fetch is refused and the sign-in button does nothing),
 * no framing, HSTS, no MIME sniffing.
 */
function securityHeaders(scope: Construct, stack: Stack, signInOrigins: string[]): ResponseHeadersPolicy {
  const api = [`https://*.execute-api.${stack.region}.${stack.urlSuffix}`, ...signInOrigins].join(' ');
  return new ResponseHeadersPolicy(scope, 'SecurityHeaders', {
    comment: 'minyi web pages: security headers',
    securityHeadersBehavior: {
      contentSecurityPolicy: {
        contentSecurityPolicy: `default-src 'self'; connect-src 'self' ${api}; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'`,
        override: true,
      },
      strictTransportSecurity: {
        accessControlMaxAge: Duration.days(730),
        includeSubdomains: true,
        override: true,
      },
      contentTypeOptions: { override: true },
      frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
      referrerPolicy: {
        referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
        override: true,
      },
    },
  });
}
