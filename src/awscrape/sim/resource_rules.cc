#include "awscrape/sim/resource_rules.h"

#include <cstdio>
#include <cstdlib>

#include "awscrape/sim/sim_hash.h"

namespace awscrape::sim {
namespace {

constexpr std::string_view kBuiltinRules = R"json({
  "opt_in_regions": ["af-south-1", "ap-east-1", "ap-south-2", "ap-southeast-3", "ap-southeast-4",
                     "eu-central-2", "eu-south-1", "eu-south-2", "me-central-1", "me-south-1",
                     "il-central-1"],
  "big_lists": ["ec2:DescribeInstances", "ec2:DescribeVolumes", "ec2:DescribeSnapshots",
                "ec2:DescribeNetworkInterfaces", "ec2:DescribeSecurityGroups",
                "ec2:DescribeTags", "iam:ListRoles", "iam:ListPolicies", "iam:ListUsers",
                "lambda:ListFunctions", "logs:DescribeLogGroups", "s3:ListBuckets",
                "dynamodb:ListTables", "sqs:ListQueues", "sns:ListTopics",
                "cloudwatch:DescribeAlarms", "ecr:DescribeRepositories", "kms:ListKeys",
                "route53:ListHostedZones", "cloudformation:ListStacks",
                "ssm:DescribeParameters", "secretsmanager:ListSecrets"],
  "id_prefixes": {
    "InstanceId": "i-", "VpcId": "vpc-", "SubnetId": "subnet-", "GroupId": "sg-",
    "SecurityGroupId": "sg-", "RouteTableId": "rtb-", "NetworkAclId": "acl-", "ImageId": "ami-",
    "VolumeId": "vol-", "SnapshotId": "snap-", "NetworkInterfaceId": "eni-",
    "InternetGatewayId": "igw-", "NatGatewayId": "nat-", "AllocationId": "eipalloc-",
    "AssociationId": "eipassoc-", "KeyPairId": "key-", "DhcpOptionsId": "dopt-",
    "VpcPeeringConnectionId": "pcx-", "TransitGatewayId": "tgw-", "VpcEndpointId": "vpce-",
    "ReservationId": "r-", "LaunchTemplateId": "lt-", "EgressOnlyInternetGatewayId": "eigw-",
    "PrefixListId": "pl-", "CustomerGatewayId": "cgw-", "VpnGatewayId": "vgw-",
    "VpnConnectionId": "vpn-", "PlacementGroupId": "pg-", "FlowLogId": "fl-",
    "CapacityReservationId": "cr-", "NetworkInsightsPathId": "nip-", "KernelId": "aki-",
    "RamdiskId": "ari-", "SpotInstanceRequestId": "sir-", "ExportTaskId": "export-i-"
  },
  "defaults": {
    "ec2:DescribeVpcs": [
      {"VpcId": "vpc-{hex17:default-vpc}", "IsDefault": true, "CidrBlock": "172.31.0.0/16",
       "State": "available", "OwnerId": "{account}", "InstanceTenancy": "default"}],
    "ec2:DescribeSubnets": [
      {"SubnetId": "subnet-{hex17:default-subnet-a}", "VpcId": "vpc-{hex17:default-vpc}",
       "DefaultForAz": true, "MapPublicIpOnLaunch": true, "CidrBlock": "172.31.0.0/20",
       "AvailabilityZone": "{region}a", "State": "available", "OwnerId": "{account}"},
      {"SubnetId": "subnet-{hex17:default-subnet-b}", "VpcId": "vpc-{hex17:default-vpc}",
       "DefaultForAz": true, "MapPublicIpOnLaunch": true, "CidrBlock": "172.31.16.0/20",
       "AvailabilityZone": "{region}b", "State": "available", "OwnerId": "{account}"},
      {"SubnetId": "subnet-{hex17:default-subnet-c}", "VpcId": "vpc-{hex17:default-vpc}",
       "DefaultForAz": true, "MapPublicIpOnLaunch": true, "CidrBlock": "172.31.32.0/20",
       "AvailabilityZone": "{region}c", "State": "available", "OwnerId": "{account}"}],
    "ec2:DescribeSecurityGroups": [
      {"GroupId": "sg-{hex17:default-sg}", "GroupName": "default",
       "Description": "default VPC security group", "VpcId": "vpc-{hex17:default-vpc}",
       "OwnerId": "{account}"}],
    "ec2:DescribeRouteTables": [
      {"RouteTableId": "rtb-{hex17:default-rtb}", "VpcId": "vpc-{hex17:default-vpc}",
       "OwnerId": "{account}", "Associations": [{"Main": true}]}],
    "ec2:DescribeNetworkAcls": [
      {"NetworkAclId": "acl-{hex17:default-acl}", "IsDefault": true,
       "VpcId": "vpc-{hex17:default-vpc}", "OwnerId": "{account}"}],
    "ec2:DescribeInternetGateways": [
      {"InternetGatewayId": "igw-{hex17:default-igw}", "OwnerId": "{account}",
       "Attachments": [{"VpcId": "vpc-{hex17:default-vpc}", "State": "available"}]}],
    "ec2:DescribeDhcpOptions": [
      {"DhcpOptionsId": "dopt-{hex17:default-dopt}", "OwnerId": "{account}"}],
    "iam:ListPolicies": [
      {"PolicyName": "AdministratorAccess", "Path": "/",
       "Arn": "arn:{partition}:iam::aws:policy/AdministratorAccess"},
      {"PolicyName": "ReadOnlyAccess", "Path": "/",
       "Arn": "arn:{partition}:iam::aws:policy/ReadOnlyAccess"},
      {"PolicyName": "AmazonS3ReadOnlyAccess", "Path": "/",
       "Arn": "arn:{partition}:iam::aws:policy/AmazonS3ReadOnlyAccess"}],
    "kms:ListAliases": [
      {"AliasName": "alias/aws/ebs", "AliasArn": "arn:{partition}:kms:{region}:{account}:alias/aws/ebs"},
      {"AliasName": "alias/aws/s3", "AliasArn": "arn:{partition}:kms:{region}:{account}:alias/aws/s3"},
      {"AliasName": "alias/aws/rds", "AliasArn": "arn:{partition}:kms:{region}:{account}:alias/aws/rds"},
      {"AliasName": "alias/aws/lambda",
       "AliasArn": "arn:{partition}:kms:{region}:{account}:alias/aws/lambda"}],
    "rds:DescribeDBParameterGroups": [
      {"DBParameterGroupName": "default.mysql8.0", "DBParameterGroupFamily": "mysql8.0",
       "Description": "Default parameter group for mysql8.0",
       "DBParameterGroupArn": "arn:{partition}:rds:{region}:{account}:pg:default.mysql8.0"},
      {"DBParameterGroupName": "default.postgres14", "DBParameterGroupFamily": "postgres14",
       "Description": "Default parameter group for postgres14",
       "DBParameterGroupArn": "arn:{partition}:rds:{region}:{account}:pg:default.postgres14"}],
    "rds:DescribeDBClusterParameterGroups": [
      {"DBClusterParameterGroupName": "default.aurora-mysql8.0",
       "DBParameterGroupFamily": "aurora-mysql8.0",
       "Description": "Default cluster parameter group for aurora-mysql8.0"}],
    "rds:DescribeOptionGroups": [
      {"OptionGroupName": "default:mysql-8-0", "EngineName": "mysql",
       "MajorEngineVersion": "8.0", "OptionGroupDescription": "Default option group for mysql 8.0"}]
  }
})json";

}  // namespace

Result<ResourceRules> ResourceRules::Parse(std::string_view json) {
  auto parsed = ParseJson(json);
  if (!parsed.ok()) return parsed.status().WithContext("simulator resource rules");
  ResourceRules rules;
  rules.document_ = std::make_shared<JsonDocument>(std::move(parsed).value());
  const JsonValue& root = *rules.document_;
  if (const JsonValue* regions = FindMember(root, "opt_in_regions");
      regions && regions->IsArray()) {
    for (const auto& r : regions->GetArray()) {
      if (r.IsString()) rules.opt_in_regions_.insert(r.GetString());
    }
  }
  if (const JsonValue* big = FindMember(root, "big_lists"); big && big->IsArray()) {
    for (const auto& b : big->GetArray()) {
      if (b.IsString()) rules.big_lists_.insert(b.GetString());
    }
  }
  if (const JsonValue* ids = FindMember(root, "id_prefixes"); ids && ids->IsObject()) {
    for (const auto& m : ids->GetObject()) {
      if (m.value.IsString()) rules.id_prefixes_[m.name.GetString()] = m.value.GetString();
    }
  }
  if (const JsonValue* defaults = FindMember(root, "defaults"); defaults && defaults->IsObject()) {
    for (const auto& m : defaults->GetObject()) {
      if (!m.value.IsArray()) return InvalidArgument("defaults entries must be arrays of objects");
      rules.defaults_[m.name.GetString()] = &m.value;
    }
  }
  return rules;
}

const ResourceRules& ResourceRules::Builtin() {
  static const ResourceRules* rules = [] {
    auto parsed = Parse(kBuiltinRules);
    if (!parsed.ok()) {
      std::fprintf(stderr, "%s\n", parsed.status().ToString().c_str());
      std::abort();  // a build defect, caught by every simulator test
    }
    return new ResourceRules(std::move(parsed).value());
  }();
  return *rules;
}

bool ResourceRules::IsBigList(std::string_view service, std::string_view operation) const {
  std::string key = std::string(service) + ':' + std::string(operation);
  return big_lists_.count(key) > 0;
}

const JsonValue* ResourceRules::DefaultItems(std::string_view service,
                                             std::string_view operation) const {
  auto it = defaults_.find(std::string(service) + ':' + std::string(operation));
  return it == defaults_.end() ? nullptr : it->second;
}

std::string_view ResourceRules::IdPrefix(std::string_view member_name) const {
  auto it = id_prefixes_.find(member_name);
  return it == id_prefixes_.end() ? std::string_view() : std::string_view(it->second);
}

std::string ExpandPlaceholders(std::string_view text, uint64_t seed, std::string_view account,
                               std::string_view region, std::string_view partition) {
  std::string out;
  while (true) {
    size_t open = text.find('{');
    size_t close = open == std::string_view::npos ? open : text.find('}', open);
    if (close == std::string_view::npos) {
      out += text;
      return out;
    }
    out += text.substr(0, open);
    std::string_view name = text.substr(open + 1, close - open - 1);
    if (name == "account") {
      out += account;
    } else if (name == "region") {
      out += region;
    } else if (name == "partition") {
      out += partition;
    } else if (name.starts_with("hex17:")) {
      uint64_t h = Hasher(seed).Add(account).Add(region).Add(name.substr(6)).Value();
      out += HexDigits(h, 17);
    } else {
      out += text.substr(open, close - open + 1);
    }
    text = text.substr(close + 1);
  }
}

}  // namespace awscrape::sim
