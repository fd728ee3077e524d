import { Fn } from 'aws-cdk-lib';
import {
  CfnCloudFrontOriginAccessIdentity,
  CfnDistribution,
  Distribution,
  type IDistribution,
} from 'aws-cdk-lib/aws-cloudfront';
import { CanonicalUserPrincipal, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledge } from '../nag-acknowledgements';

export interface ChinaDistributionProps {
  bucket: Bucket;
  logs: Bucket;
  /** ICP-registered alternate domain names: CloudFront in China serves nothing on *.cloudfront.cn. */
  domainNames: string[];
  /** Server certificate uploaded to IAM for `domainNames` (CloudFront in China has no ACM). */
  iamCertificateId: string;
  /** A response headers policy, when the stage attaches one (unconfirmed in China: docs/deploying.md checklist). */
  responseHeadersPolicyId?: string;
}

/**
 * CloudFront for the China regions, written as the AWS China samples write it: a CfnDistribution
 * with ForwardedValues (the China regions reject the CachePolicyId that the Distribution construct
 * always emits, aws/aws-cdk#31033), an Origin Access Identity (no Origin Access Control there),
 * alternate domains with an IAM certificate, and no CloudFront Functions.
 */
export class ChinaDistribution extends Construct {
  readonly distribution: IDistribution;

  constructor(scope: Construct, id: string, props: ChinaDistributionProps) {
    super(scope, id);
    const identity = new CfnCloudFrontOriginAccessIdentity(this, 'OriginAccessIdentity', {
      cloudFrontOriginAccessIdentityConfig: { comment: 'minyi web pages (China: no OAC)' },
    });
    // The canonical user id, not the identity's ARN: no ARN to build for either partition.
    props.bucket.addToResourcePolicy(
      new PolicyStatement({
        actions: ['s3:GetObject'],
        resources: [props.bucket.arnForObjects('*')],
        principals: [new CanonicalUserPrincipal(identity.attrS3CanonicalUserId)],
      }),
    );
    const originId = 'pages';
    const cfn = new CfnDistribution(this, 'Distribution', {
      distributionConfig: {
        enabled: true,
        comment: 'minyi web pages',
        aliases: props.domainNames,
        viewerCertificate: {
          iamCertificateId: props.iamCertificateId,
          sslSupportMethod: 'sni-only',
          minimumProtocolVersion: 'TLSv1.2_2021',
        },
        defaultRootObject: 'index.html',
        origins: [
          {
            id: originId,
            domainName: props.bucket.bucketRegionalDomainName,
            s3OriginConfig: {
              originAccessIdentity: Fn.join('', ['origin-access-identity/cloudfront/', identity.ref]),
            },
          },
        ],
        defaultCacheBehavior: {
          targetOriginId: originId,
          viewerProtocolPolicy: 'redirect-to-https',
          allowedMethods: ['GET', 'HEAD'],
          cachedMethods: ['GET', 'HEAD'],
          compress: true,
          // The legacy cache settings: the pages vary by nothing the viewer sends.
          forwardedValues: { queryString: false, cookies: { forward: 'none' } },
          minTtl: 0,
          defaultTtl: 86_400,
          maxTtl: 31_536_000,
          responseHeadersPolicyId: props.responseHeadersPolicyId,
        },
        // The pages route in the browser: a deep link (an emailed order) must load index.html.
        customErrorResponses: [403, 404].map((errorCode) => ({
          errorCode,
          responseCode: 200,
          responsePagePath: '/index.html',
          errorCachingMinTtl: 60,
        })),
        logging: {
          bucket: props.logs.bucketRegionalDomainName,
          prefix: 'cloudfront/',
          includeCookies: false,
        },
      },
    });
    acknowledge(cfn, [
      [
        'AwsSolutions-CFR1',
        "No geographic restriction: citizens abroad (and their lawyers) may follow their own court's requests.",
      ],
      [
        'AwsSolutions-CFR2',
        'No WAF on static pages: they hold no data; the API behind them is throttled and authorizes every staff route.',
      ],
      [
        'AwsSolutions-CFR7',
        'Origin Access Control does not exist in the China regions; the bucket is private and read only through this Origin Access Identity.',
      ],
    ]);
    this.distribution = Distribution.fromDistributionAttributes(this, 'Imported', {
      distributionId: cfn.ref,
      domainName: cfn.attrDomainName,
    });
  }
}
