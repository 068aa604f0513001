#include "awscrape/store/postgres/pg_change_feed.h"

#include <utility>
#include <vector>

#include "awscrape/store/postgres/pg_connection.h"

namespace awscrape::store {
namespace {

class PgChangeFeed final : public ChangeFeed {
 public:
  explicit PgChangeFeed(std::unique_ptr<PgConnection> conn) : conn_(std::move(conn)) {}

  Result<std::vector<std::string>> Wait(std::chrono::milliseconds timeout) override {
    return conn_->WaitForNotifications(timeout);
  }

 private:
  std::unique_ptr<PgConnection> conn_;
};

}  // namespace

Result<std::unique_ptr<ChangeFeed>> OpenPgChangeFeed(const std::string& uri) {
  AWSCRAPE_ASSIGN_OR_RETURN(std::unique_ptr<PgConnection> conn, PgConnection::Connect(uri));
  AWSCRAPE_RETURN_IF_ERROR(conn->Run("LISTEN " + std::string(kChangeChannel)));
  return std::unique_ptr<ChangeFeed>(std::make_unique<PgChangeFeed>(std::move(conn)));
}

}  // namespace awscrape::store
