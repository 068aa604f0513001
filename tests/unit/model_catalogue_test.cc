#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>

#include "awscrape/aws/model/catalogue.h"
#include "awscrape/core/file.h"

namespace awscrape::aws::model {
namespace {
namespace fs = std::filesystem;

const fs::path kDebianModels = AWSCRAPE_DEFAULT_MODELS_DIR;

class TempDir {
 public:
  TempDir() {
    path_ =
        fs::temp_directory_path() /
        ("awscrape-catalogue-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
         "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

void Gzip(const fs::path& from, const fs::path& to) {
  auto text = ReadFile(from);
  ASSERT_TRUE(text.ok());
  gzFile out = gzopen(to.c_str(), "wb");
  ASSERT_NE(out, nullptr);
  ASSERT_EQ(gzwrite(out, text->data(), unsigned(text->size())), int(text->size()));
  gzclose(out);
}

TEST(ModelCatalogue, LoadsEveryDebianServiceModel) {
  auto catalogue = ModelCatalogue::Open(kDebianModels);
  ASSERT_TRUE(catalogue.ok()) << catalogue.status().ToString();
  auto names = (*catalogue)->ServiceNames();
  // Debian 12's botocore 1.29.27 ships 333 services with 12,819 operations.
  EXPECT_EQ(names.size(), 333u);
  size_t operations = 0;
  for (const auto& name : names) {
    auto service = (*catalogue)->GetService(name);
    ASSERT_TRUE(service.ok()) << name << ": " << service.status().ToString();
    operations += (*service)->model->operations().size();
  }
  EXPECT_EQ(operations, 12819u);
  EXPECT_EQ((*catalogue)->models_version(), "botocore 1.29.27");
  // The same directory named with a trailing slash is the same package.
  EXPECT_EQ((*ModelCatalogue::Open(kDebianModels.string() + "/"))->models_version(),
            "botocore 1.29.27");
}

TEST(ModelCatalogue, PicksNewestApiVersionAndResolvesShapes) {
  auto catalogue = ModelCatalogue::Open(kDebianModels);
  ASSERT_TRUE(catalogue.ok());
  EXPECT_EQ((*catalogue)->ApiVersion("ec2"), "2016-11-15");
  auto ec2 = (*catalogue)->GetService("ec2");
  ASSERT_TRUE(ec2.ok());
  const ServiceModel& model = *(*ec2)->model;
  EXPECT_EQ(model.metadata().protocol, "ec2");
  const Operation* op = model.FindOperation("DescribeImages");
  ASSERT_NE(op, nullptr);
  ASSERT_NE(op->input, nullptr);
  const Member* owners = op->input->FindMember("Owners");
  ASSERT_NE(owners, nullptr);
  EXPECT_EQ(owners->shape->type, ShapeType::kList);
  // The reference's locationName overrides nothing here but queryName-less ec2 members keep the
  // list member's locationName from the target shape.
  EXPECT_EQ(owners->traits.location_name, "Owner");
  EXPECT_EQ(owners->shape->list_member.traits.location_name, "Owner");
  EXPECT_TRUE((*ec2)->paginators.HasMember("DescribeImages") ||
              (*ec2)->paginators.HasMember("DescribeInstances"));
  auto rule_set = (*ec2)->EndpointRuleSet();
  ASSERT_TRUE(rule_set.ok()) << rule_set.status().ToString();
  EXPECT_TRUE((*rule_set)->IsObject());
}

TEST(ModelCatalogue, ReadsGzippedModelsLikePlainOnes) {
  TempDir dir;
  fs::path version = dir.path() / "sqs" / "2012-11-05";
  fs::create_directories(version);
  fs::path source = kDebianModels / "sqs" / "2012-11-05";
  Gzip(source / "service-2.json", version / "service-2.json.gz");
  Gzip(source / "paginators-1.json", version / "paginators-1.json.gz");
  auto catalogue = ModelCatalogue::Open(dir.path());
  ASSERT_TRUE(catalogue.ok()) << catalogue.status().ToString();
  auto sqs = (*catalogue)->GetService("sqs");
  ASSERT_TRUE(sqs.ok()) << sqs.status().ToString();
  EXPECT_NE((*sqs)->model->FindOperation("ListQueues"), nullptr);
  EXPECT_TRUE((*sqs)->paginators.HasMember("ListQueues"));
  EXPECT_EQ((*catalogue)->models_version(), "") << "a hand-made directory has no version";
}

TEST(ModelCatalogue, ReportsMissingAndMalformedModelsClearly) {
  TempDir dir;
  auto none = ModelCatalogue::Open(dir.path() / "absent");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().code(), StatusCode::kNotFound);

  fs::create_directories(dir.path() / "broken" / "2020-01-01");
  std::ofstream(dir.path() / "broken" / "2020-01-01" / "service-2.json") << "{\"metadata\": {";
  auto catalogue = ModelCatalogue::Open(dir.path());
  ASSERT_TRUE(catalogue.ok());
  auto broken = (*catalogue)->GetService("broken");
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.status().code(), StatusCode::kParseError);
  EXPECT_NE(broken.status().message().find("service-2.json"), std::string::npos);
  EXPECT_EQ((*catalogue)->GetService("nope").status().code(), StatusCode::kNotFound);
}

TEST(ServiceModel, RejectsReferencesToUnknownShapes) {
  auto doc = ParseJson(R"({"metadata":{"protocol":"json"},
    "operations":{"Op":{"name":"Op","input":{"shape":"Missing"}}},"shapes":{}})");
  ASSERT_TRUE(doc.ok());
  auto model = ServiceModel::FromJson(*doc);
  ASSERT_FALSE(model.ok());
  EXPECT_NE(model.status().message().find("Missing"), std::string::npos);
}

}  // namespace
}  // namespace awscrape::aws::model
