// ReadRegularFile: what the spool ingester relies on to read a file it did not write.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "awscrape/core/file.h"

namespace awscrape {
namespace {

namespace fs = std::filesystem;

class ReadRegularFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/awscrape_file_test_XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path Write(const std::string& name, const std::string& contents) {
    std::ofstream(dir_ / name, std::ios::binary) << contents;
    return dir_ / name;
  }
  fs::path dir_;
};

TEST_F(ReadRegularFileTest, ReadsWholeFilesUpToTheLimit) {
  EXPECT_EQ(*ReadRegularFile(Write("a.json", "{\"a\":1}"), 100), "{\"a\":1}");
  EXPECT_EQ(*ReadRegularFile(Write("empty.json", ""), 100), "");
  std::string big(70000, 'x');
  EXPECT_EQ(*ReadRegularFile(Write("big.json", big), 70000), big) << "exactly at the limit";
}

TEST_F(ReadRegularFileTest, RefusesWhatIsNotASmallRegularFile) {
  auto over = ReadRegularFile(Write("big.json", std::string(101, 'x')), 100);
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(over.status().message().find("101 bytes"), std::string::npos)
      << over.status().message();

  EXPECT_EQ(ReadRegularFile(dir_ / "missing.json", 100).status().code(), StatusCode::kNotFound);

  fs::create_symlink(Write("target.json", "{}"), dir_ / "link.json");
  auto link = ReadRegularFile(dir_ / "link.json", 100);
  EXPECT_EQ(link.status().code(), StatusCode::kInvalidArgument) << "links are not followed";

  fs::create_directory(dir_ / "dir.json");
  EXPECT_EQ(ReadRegularFile(dir_ / "dir.json", 100).status().code(), StatusCode::kInvalidArgument);

  // A FIFO with no writer would block a plain open() forever.
  ASSERT_EQ(::mkfifo((dir_ / "fifo.json").c_str(), 0600), 0);
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(ReadRegularFile(dir_ / "fifo.json", 100).status().code(), StatusCode::kInvalidArgument);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
}

}  // namespace
}  // namespace awscrape
