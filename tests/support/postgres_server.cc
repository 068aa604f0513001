#include "postgres_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pwd.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <system_error>

namespace awscrape::testing {
namespace {

// A port the kernel just handed out on 127.0.0.1; free unless someone races us for it.
Result<int> FreeLoopbackPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return Unavailable("socket() failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  ::close(fd);
  if (port == 0) return Unavailable("no free loopback port");
  return port;
}

std::filesystem::path FindBinDir() {
  if (const char* env = std::getenv("AWSCRAPE_POSTGRES_BIN"); env && *env) {
    std::filesystem::path dir = env;
    return ::access((dir / "initdb").c_str(), X_OK) == 0 ? dir : std::filesystem::path();
  }
  for (int version = 17; version >= 13; --version) {
    std::filesystem::path dir = "/usr/lib/postgresql/" + std::to_string(version) + "/bin";
    if (::access((dir / "initdb").c_str(), X_OK) == 0) return dir;
  }
  return {};
}

std::string ReadTail(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  return text.size() > 2000 ? text.substr(text.size() - 2000) : text;
}

}  // namespace

PostgresServer::~PostgresServer() {
  (void)Stop();
  if (!dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
}

std::string PostgresServer::Url(const std::string& database) const {
  return "postgresql://postgres@127.0.0.1:" + std::to_string(port_) + "/" + database;
}

Status PostgresServer::RunTool(const std::string& tool, const std::string& arguments) {
  // Every path and argument here is ours (temporary directory, port), none is user input.
  std::string command = (bin_dir_ / tool).string() + " " + arguments + " >>" +
                        (dir_ / "server.log").string() + " 2>&1";
  if (as_postgres_user_) command = "runuser -u postgres -- sh -c '" + command + "'";
  int rc = std::system(command.c_str());
  if (rc != 0) {
    return Unavailable(tool + " failed (status " + std::to_string(rc) +
                       "): " + ReadTail(dir_ / "server.log"));
  }
  return Status::Ok();
}

Status PostgresServer::Start() {
  if (running_) return Status::Ok();
  bin_dir_ = FindBinDir();
  if (bin_dir_.empty()) {
    return Unavailable(
        "no PostgreSQL server binaries (install Debian's `postgresql` package or set "
        "AWSCRAPE_POSTGRES_BIN)");
  }
  if (dir_.empty()) {
    std::string pattern = (std::filesystem::temp_directory_path() / "awscrape-pg-XXXXXX");
    if (::mkdtemp(pattern.data()) == nullptr) return Unavailable("mkdtemp failed");
    dir_ = pattern;
    if (::geteuid() == 0) {
      passwd* pw = ::getpwnam("postgres");
      if (pw == nullptr) return Unavailable("running as root and there is no `postgres` user");
      if (::chown(dir_.c_str(), pw->pw_uid, pw->pw_gid) != 0) {
        return Unavailable("cannot give " + dir_.string() + " to the postgres user");
      }
      as_postgres_user_ = true;
    }
    AWSCRAPE_RETURN_IF_ERROR(RunTool("initdb", "-D " + (dir_ / "data").string() +
                                                   " -U postgres --auth=trust --encoding=UTF8 "
                                                   "--locale=C --no-sync"));
  }
  // A restart keeps its port, so that clients holding the URL reconnect to it.
  if (port_ == 0) {
    AWSCRAPE_ASSIGN_OR_RETURN(port_, FreeLoopbackPort());
  }
  std::string options =
      "-p " + std::to_string(port_) +
      " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + dir_.string() +
      " -c fsync=off -c full_page_writes=off -c autovacuum=off";
  AWSCRAPE_RETURN_IF_ERROR(RunTool("pg_ctl", "-D " + (dir_ / "data").string() + " -l " +
                                                 (dir_ / "postgres.log").string() + " -o \"" +
                                                 options + "\" -w -t 60 start"));
  running_ = true;
  return Status::Ok();
}

Status PostgresServer::Stop() {
  if (!running_) return Status::Ok();
  running_ = false;
  return RunTool("pg_ctl", "-D " + (dir_ / "data").string() + " -m fast -w -t 60 stop");
}

}  // namespace awscrape::testing
