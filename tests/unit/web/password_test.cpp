#include "web/auth.h"
#include "web/password.h"

#include <gtest/gtest.h>

namespace hc::web {
namespace {

TEST(PasswordRules, LengthAndCharacterKinds) {
  EXPECT_TRUE(password_rule_violation("Ab1").has_value());                 // too short
  EXPECT_TRUE(password_rule_violation("Abcdefgh12345678X").has_value());   // 17 characters
  EXPECT_TRUE(password_rule_violation("abcdefgh").has_value());            // one kind only
  EXPECT_TRUE(password_rule_violation("12345678").has_value());
  EXPECT_TRUE(password_rule_violation("abc defg1").has_value());           // space
  EXPECT_FALSE(password_rule_violation("abcdefg1").has_value());           // lower + digits
  EXPECT_FALSE(password_rule_violation("ABCDEFG!").has_value());           // upper + symbol
  EXPECT_FALSE(password_rule_violation("Abcdefgh12345678").has_value());   // 16 characters
}

TEST(PasswordHash, Argon2idVerifiesOnlyTheSameSecret) {
  auto h = hash_secret("Secret-123");
  EXPECT_EQ(h.rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(verify_secret(h, "Secret-123"));
  EXPECT_FALSE(verify_secret(h, "Secret-124"));
  EXPECT_NE(h, hash_secret("Secret-123"));  // fresh salt
  EXPECT_FALSE(verify_secret("plain", "plain"));
}

TEST(Lockout, LocksAtTheLimitAndLifts) {
  Lockout l(3, 100);
  l.fail("k", 0);
  l.fail("k", 1);
  EXPECT_FALSE(l.locked_until("k", 2));
  l.fail("k", 2);
  ASSERT_TRUE(l.locked_until("k", 3));
  EXPECT_EQ(*l.locked_until("k", 3), 102);
  EXPECT_FALSE(l.locked_until("k", 102));
}

}  // namespace
}  // namespace hc::web
