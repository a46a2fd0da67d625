// Users of the web GUI and their security questions (schema version 3), on the settings connection.
#include "store/store_impl.h"

namespace hc::store {

std::vector<UserRecord> Store::users() const {
  std::lock_guard lk(impl_->rmu);
  std::vector<UserRecord> out;
  Stmt u(*impl_->rdb, "SELECT username,role,hash FROM users ORDER BY username");
  while (u.step()) out.push_back({u.text(0), u.text(1), u.text(2), {}});
  Stmt q(*impl_->rdb, "SELECT question,answer_hash FROM user_questions WHERE username=? ORDER BY position");
  for (UserRecord& user : out) {
    q.bind(1, user.username);
    while (q.step()) user.questions.push_back({q.text(0), q.text(1)});
    q.reset();
  }
  return out;
}

void Store::replace_users(const std::vector<UserRecord>& users) {
  std::lock_guard lk(impl_->rmu);
  Db& db = *impl_->rdb;
  db.exec("BEGIN IMMEDIATE");
  try {
    db.exec("DELETE FROM user_questions; DELETE FROM users;");
    Stmt u(db, "INSERT INTO users(username,role,hash) VALUES(?,?,?)");
    Stmt q(db, "INSERT INTO user_questions(username,position,question,answer_hash) VALUES(?,?,?,?)");
    for (const UserRecord& user : users) {
      u.bind(1, user.username).bind(2, user.role).bind(3, user.hash).run();
      for (std::size_t i = 0; i < user.questions.size(); ++i)
        q.bind(1, user.username).bind(2, static_cast<int64_t>(i)).bind(3, user.questions[i].question)
            .bind(4, user.questions[i].answer_hash).run();
    }
    db.exec("COMMIT");
  } catch (...) {
    db.exec("ROLLBACK");
    throw;
  }
}

}  // namespace hc::store
