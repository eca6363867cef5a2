#!/usr/bin/env bash
# Deploys the stack with SAM, then publishes the browser portal to its
# private bucket behind CloudFront. Needs an AWS account, the sam and aws
# CLIs (README "Deploy"). Set SENDER_EMAIL (an address verified in SES, or
# of a verified domain; CREATE_SENDER_IDENTITY=true has the stack create the
# identity instead); ARCHITECTURE (arm64 or x86_64: the binaries and the
# functions alike), LOG_LEVEL (info), DEPLOYMENT_CONFIG (how each function's
# alias moves to a new version: CodeDeployDefault.LambdaCanary10Percent5Minutes
# by default, …LambdaLinear10PercentEvery1Minute, or …LambdaAllAtOnce for a
# development stack) and ALARM_EMAIL (subscribed to the alarm topic) are
# optional. Extra arguments go to `sam deploy`.
#
# Email links must open the portal, whose address (the CloudFront domain)
# exists only once the stack does: on a new stack without PORTAL_URL set,
# this deploys once, reads the PortalUrl output, and deploys again with it.
set -euo pipefail
cd "$(dirname "$0")/.."
stack=${STACK_NAME:-sesame}
: "${SENDER_EMAIL:?set SENDER_EMAIL to the verified SES sender address}"
overrides() {
  echo "SenderEmail=$SENDER_EMAIL CreateSenderIdentity=${CREATE_SENDER_IDENTITY:-false} Architecture=${ARCHITECTURE:-arm64} LogLevel=${LOG_LEVEL:-info} DeploymentConfig=${DEPLOYMENT_CONFIG:-CodeDeployDefault.LambdaCanary10Percent5Minutes} PortalUrl=$1${ALARM_EMAIL:+ AlarmEmail=$ALARM_EMAIL}"
}
output() {
  aws cloudformation describe-stacks --stack-name "$stack" \
    --query "Stacks[0].Outputs[?OutputKey=='$1'].OutputValue" --output text
}

echo "==> Building the portal"
scripts/portal.sh build

echo "==> Building every function once for ${ARCHITECTURE:-arm64}"
ARCHITECTURE=${ARCHITECTURE:-arm64} scripts/package.sh
echo "==> sam build (copies each binary; cached)"
sam build

url=${PORTAL_URL:-}
if [[ -z $url ]] && aws cloudformation describe-stacks --stack-name "$stack" >/dev/null 2>&1; then
  url=$(output PortalUrl)
fi
if [[ -z $url || $url == None ]]; then
  echo "==> First deploy (the portal's address is not known yet)"
  sam deploy --stack-name "$stack" --no-confirm-changeset "$@" --parameter-overrides "$(overrides https://portal.invalid)"
  url=$(output PortalUrl)
fi
echo "==> sam deploy (PortalUrl=$url)"
sam deploy --stack-name "$stack" --no-fail-on-empty-changeset "$@" --parameter-overrides "$(overrides "$url")"

bucket=$(output PortalBucketName)
distribution=$(output PortalDistributionId)
echo "==> Publishing portal/dist to s3://$bucket"
# Hashed assets are immutable; index.html is revalidated on every load.
# CloudFront compresses on the way out: the build's .br/.gz copies (for the
# local runner) stay home.
aws s3 sync portal/dist/assets "s3://$bucket/assets" --delete --exclude "*.br" --exclude "*.gz" --cache-control "public, max-age=31536000, immutable"
aws s3 sync portal/dist "s3://$bucket" --delete --exclude "assets/*" --exclude "*.br" --exclude "*.gz" --cache-control "no-cache"
aws cloudfront create-invalidation --distribution-id "$distribution" --paths "/index.html" "/" >/dev/null
echo "==> Portal published at $url"
