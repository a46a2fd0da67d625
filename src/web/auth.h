// Users, sessions and lockouts. Users (argon2id hashes only) persist in the store's users table
// (a users.json of an earlier version is imported once); sessions and lockouts live in memory (a
// restart logs everyone out and lifts every lock).
#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace hc::store { class Store; }

namespace hc::web {

struct Session {
  std::string username;
  std::string role;  // "admin" or "viewer"
  std::string csrf;
  double expires_s = 0;
};

// Counts failures per key ("user:x", "addr:y"); `limit` failures lock the key for `lock_s`.
class Lockout {
 public:
  Lockout(int limit, double lock_s) : limit_(limit), lock_s_(lock_s) {}
  // The Unix time the key's lock lifts, if locked now.
  std::optional<double> locked_until(const std::string& key, double now);
  void fail(const std::string& key, double now);
  void clear(const std::string& key);

 private:
  struct Entry { int failures = 0; double until = 0; };
  int limit_;
  double lock_s_;
  std::map<std::string, Entry> entries_;
};

class Auth {
 public:
  static constexpr double kSessionLifetimeS = 3600;
  // Users live in `users` (not owned; outlives this). When the table is empty and `legacy_users_file`
  // (the users.json of earlier versions) exists, its users are imported and the file is renamed to
  // <name>.imported; throws std::runtime_error naming the file when it cannot be read.
  Auth(store::Store& users, const std::filesystem::path& legacy_users_file);

  bool activated() const;
  // Throws std::invalid_argument with the reason on bad input.
  void activate(const std::string& password, const std::vector<std::pair<std::string, std::string>>& questions);
  std::optional<std::string> role_of(const std::string& username) const;
  bool check_password(const std::string& username, const std::string& password) const;
  std::vector<std::string> questions(const std::string& username) const;
  bool check_answers(const std::string& username, const std::vector<std::string>& answers) const;
  void set_password(const std::string& username, const std::string& password);
  void set_questions(const std::string& username, const std::vector<std::pair<std::string, std::string>>& qa);
  void add_user(const std::string& username, const std::string& password, const std::string& role);
  bool delete_user(const std::string& username);
  nlohmann::json list_users() const;
  void wipe();

  // The new session's token and the session.
  std::pair<std::string, Session> create_session(const std::string& username, double now);
  std::optional<Session> session(const std::string& token, double now);
  void end_session(const std::string& token);
  void end_sessions_of(const std::string& username);

  Lockout user_lock{5, 300};
  Lockout addr_lock{10, 300};
  std::mutex lock_mutex;

 private:
  void save() const;  // users_ into the store, whole, in one transaction
  void import_legacy_file(const std::filesystem::path& file);
  store::Store& store_;
  mutable std::mutex mutex_;
  nlohmann::json users_;  // the store's users: {"name": {"role", "hash", "questions": [{"question", "answer_hash"}]}}
  std::map<std::string, Session> sessions_;
};

}  // namespace hc::web
