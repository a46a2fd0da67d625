#include "web/auth.h"

#include "store/store.h"
#include "web/password.h"

#include <fstream>
#include <regex>
#include <stdexcept>

namespace hc::web {

std::optional<double> Lockout::locked_until(const std::string& key, double now) {
  auto it = entries_.find(key);
  if (it == entries_.end() || it->second.until <= now) return std::nullopt;
  return it->second.until;
}

void Lockout::fail(const std::string& key, double now) {
  auto& e = entries_[key];
  if (e.until != 0 && e.until <= now) e = Entry{};
  if (++e.failures >= limit_) { e.until = now + lock_s_; e.failures = 0; }
}

void Lockout::clear(const std::string& key) { entries_.erase(key); }

namespace {
// Answers compare case- and surrounding-space-insensitively, as people retype them.
std::string normalise_answer(std::string a) {
  while (!a.empty() && std::isspace(static_cast<unsigned char>(a.back()))) a.pop_back();
  size_t i = 0;
  while (i < a.size() && std::isspace(static_cast<unsigned char>(a[i]))) ++i;
  a = a.substr(i);
  for (auto& c : a) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return a;
}
}  // namespace

namespace {

// users_ (JSON, as users.json held them) <-> the store's records.
nlohmann::json json_of(const std::vector<store::UserRecord>& records) {
  auto users = nlohmann::json::object();
  for (const auto& r : records) {
    auto questions = nlohmann::json::array();
    for (const auto& q : r.questions) questions.push_back({{"question", q.question}, {"answer_hash", q.answer_hash}});
    users[r.username] = {{"role", r.role}, {"hash", r.hash}, {"questions", questions}};
  }
  return users;
}

std::vector<store::UserRecord> records_of(const nlohmann::json& users) {
  std::vector<store::UserRecord> records;
  for (const auto& [name, u] : users.items()) {
    store::UserRecord r{name, u.value("role", "viewer"), u.value("hash", ""), {}};
    for (const auto& q : u.value("questions", nlohmann::json::array()))
      r.questions.push_back({q.value("question", ""), q.value("answer_hash", "")});
    records.push_back(std::move(r));
  }
  return records;
}

}  // namespace

Auth::Auth(store::Store& users, const std::filesystem::path& legacy_users_file)
    : store_(users), users_(json_of(users.users())) {
  if (users_.empty() && std::filesystem::exists(legacy_users_file)) import_legacy_file(legacy_users_file);
}

void Auth::import_legacy_file(const std::filesystem::path& file) {
  nlohmann::json users;
  try {
    std::ifstream in(file);
    users = nlohmann::json::parse(in);
    if (!users.is_object()) throw std::runtime_error("not a JSON object");
    for (const auto& [name, u] : users.items()) {
      if (!u.is_object()) throw std::runtime_error(name + ": not a JSON object");
      if (!u.value("questions", nlohmann::json::array()).is_array()) throw std::runtime_error(name + ".questions: not an array");
    }
    store_.replace_users(records_of(users));
  } catch (const std::exception& e) {
    throw std::runtime_error(file.string() + ": " + e.what());
  }
  users_ = json_of(store_.users());
  auto imported = file;
  imported += ".imported";
  std::filesystem::rename(file, imported);
}

void Auth::save() const { store_.replace_users(records_of(users_)); }

bool Auth::activated() const {
  std::lock_guard lk(mutex_);
  return users_.contains("admin");
}

void Auth::activate(const std::string& password, const std::vector<std::pair<std::string, std::string>>& qa) {
  if (auto why = password_rule_violation(password)) throw std::invalid_argument(*why);
  if (qa.size() != 3) throw std::invalid_argument("security_questions: exactly three questions and answers required");
  for (auto& [q, a] : qa)
    if (q.empty() || a.empty()) throw std::invalid_argument("security_questions: question and answer must not be empty");
  nlohmann::json user{{"role", "admin"}, {"hash", hash_secret(password)}, {"questions", nlohmann::json::array()}};
  for (auto& [q, a] : qa) user["questions"].push_back({{"question", q}, {"answer_hash", hash_secret(normalise_answer(a))}});
  std::lock_guard lk(mutex_);
  if (users_.contains("admin")) throw std::logic_error("already activated");
  users_["admin"] = user;
  save();
}

std::optional<std::string> Auth::role_of(const std::string& username) const {
  std::lock_guard lk(mutex_);
  if (!users_.contains(username)) return std::nullopt;
  return users_[username].value("role", "viewer");
}

bool Auth::check_password(const std::string& username, const std::string& password) const {
  std::string hash;
  {
    std::lock_guard lk(mutex_);
    if (!users_.contains(username)) return false;
    hash = users_[username].value("hash", "");
  }
  return verify_secret(hash, password);
}

std::vector<std::string> Auth::questions(const std::string& username) const {
  std::lock_guard lk(mutex_);
  std::vector<std::string> out;
  if (!users_.contains(username)) return out;
  for (auto& q : users_[username].value("questions", nlohmann::json::array())) out.push_back(q.value("question", ""));
  return out;
}

bool Auth::check_answers(const std::string& username, const std::vector<std::string>& answers) const {
  nlohmann::json qs;
  {
    std::lock_guard lk(mutex_);
    if (!users_.contains(username)) return false;
    qs = users_[username].value("questions", nlohmann::json::array());
  }
  if (qs.size() != 3 || answers.size() != 3) return false;
  bool ok = true;
  for (size_t i = 0; i < 3; ++i) ok = verify_secret(qs[i].value("answer_hash", ""), normalise_answer(answers[i])) && ok;
  return ok;
}

void Auth::set_password(const std::string& username, const std::string& password) {
  if (auto why = password_rule_violation(password)) throw std::invalid_argument(*why);
  auto h = hash_secret(password);
  std::lock_guard lk(mutex_);
  if (!users_.contains(username)) throw std::invalid_argument("no user " + username);
  users_[username]["hash"] = h;
  save();
}

void Auth::set_questions(const std::string& username, const std::vector<std::pair<std::string, std::string>>& qa) {
  if (qa.size() != 3) throw std::invalid_argument("security_questions: exactly three questions and answers required");
  auto arr = nlohmann::json::array();
  for (auto& [q, a] : qa) {
    if (q.empty() || a.empty()) throw std::invalid_argument("security_questions: question and answer must not be empty");
    arr.push_back({{"question", q}, {"answer_hash", hash_secret(normalise_answer(a))}});
  }
  std::lock_guard lk(mutex_);
  if (!users_.contains(username)) throw std::invalid_argument("no user " + username);
  users_[username]["questions"] = arr;
  save();
}

void Auth::add_user(const std::string& username, const std::string& password, const std::string& role) {
  static const std::regex kName("[A-Za-z0-9_.-]{1,32}");
  if (!std::regex_match(username, kName)) throw std::invalid_argument("username: 1-32 letters, digits, '_', '.', '-'");
  if (role != "viewer") throw std::invalid_argument("role: only viewers can be added");
  if (auto why = password_rule_violation(password)) throw std::invalid_argument(*why);
  auto h = hash_secret(password);
  std::lock_guard lk(mutex_);
  if (users_.contains(username)) throw std::invalid_argument("username: " + username + " already exists");
  users_[username] = {{"role", role}, {"hash", h}, {"questions", nlohmann::json::array()}};
  save();
}

bool Auth::delete_user(const std::string& username) {
  std::lock_guard lk(mutex_);
  if (username == "admin" || !users_.contains(username)) return false;
  users_.erase(username);
  save();
  for (auto it = sessions_.begin(); it != sessions_.end();)
    it = it->second.username == username ? sessions_.erase(it) : std::next(it);
  return true;
}

nlohmann::json Auth::list_users() const {
  std::lock_guard lk(mutex_);
  auto out = nlohmann::json::array();
  for (auto& [name, u] : users_.items()) out.push_back({{"username", name}, {"role", u.value("role", "viewer")}});
  return out;
}

void Auth::wipe() {
  std::lock_guard lk(mutex_);
  users_ = nlohmann::json::object();
  sessions_.clear();
  save();
}

std::pair<std::string, Session> Auth::create_session(const std::string& username, double now) {
  Session s{username, role_of(username).value_or("viewer"), random_token(16), now + kSessionLifetimeS};
  auto token = random_token(32);
  std::lock_guard lk(mutex_);
  sessions_[token] = s;
  return {token, s};
}

std::optional<Session> Auth::session(const std::string& token, double now) {
  std::lock_guard lk(mutex_);
  auto it = sessions_.find(token);
  if (it == sessions_.end()) return std::nullopt;
  if (it->second.expires_s <= now) { sessions_.erase(it); return std::nullopt; }
  return it->second;
}

void Auth::end_session(const std::string& token) {
  std::lock_guard lk(mutex_);
  sessions_.erase(token);
}

void Auth::end_sessions_of(const std::string& username) {
  std::lock_guard lk(mutex_);
  for (auto it = sessions_.begin(); it != sessions_.end();)
    it = it->second.username == username ? sessions_.erase(it) : std::next(it);
}

}  // namespace hc::web
