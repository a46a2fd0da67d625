// Defaults, unknown keys, bad types and enums, UUIDs, recipients' protocol fields, unique names.
#include "config_test_util.h"

#include "core/uuid.h"

#include <gtest/gtest.h>

namespace hc::config::test {
namespace {

using nlohmann::json;
using Errors = std::vector<std::string>;

TEST(ConfigSchema, EmbeddedSchemaIsDraft07) {
  EXPECT_EQ(schema()["$schema"], "http://json-schema.org/draft-07/schema#");
}

TEST(ConfigSchema, DefaultsAreFilledAndValid) {
  const json d = defaults();
  EXPECT_EQ(d["version"], 1);
  EXPECT_EQ(d["sensor"]["image_width"], 640);
  EXPECT_EQ(d["rules"]["tracking_mode"], "heads");
  EXPECT_EQ(d["rules"]["lines"], json::array());
  EXPECT_EQ(d["communication"]["http"]["https_port"], 443);
  EXPECT_EQ(d["system"]["time"]["dst"]["end"]["month"], 10);
  EXPECT_EQ(d["privacy"]["image_type"], "monochrome");
  const auto result = validate(json::object());
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result.document, d);
}

TEST(ConfigSchema, DefaultsFillInsideArrayItems) {
  const auto result = validate(with_region({{"points", convex_polygon(4)}, {"dwell_time", {{"enabled", true}}}}));
  ASSERT_TRUE(result.ok());
  const json& region = result.document["rules"]["regions"][0];
  EXPECT_EQ(region["name"], "");
  EXPECT_EQ(region["people_counting"]["pass_by_filtering_s"], 5);
  EXPECT_EQ(region["dwell_time"]["enabled"], true);
  EXPECT_EQ(region["dwell_time"]["min_dwell_time_s"], 5);
}

TEST(ConfigSchema, GivenValuesWin) {
  const auto result = validate({{"rules", {{"tracking_mode", "feet"}}}});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result.document["rules"]["tracking_mode"], "feet");
  EXPECT_EQ(result.document["rules"]["installation_height_m"], 3.0);
}

TEST(ConfigSchema, UnknownKeysAtEveryDepth) {
  EXPECT_EQ(errors_of({{"colour", 1}}), Errors{"colour: unknown key"});
  EXPECT_EQ(errors_of({{"rules", {{"scheduled_reset", {{"when", "x"}}}}}}), Errors{"rules.scheduled_reset.when: unknown key"});
  json r = http_recipient("a");
  r["http"]["tls"]["pinned"] = true;
  EXPECT_EQ(errors_of({{"communication", {{"recipients", {r}}}}}),
            Errors{"communication.recipients[0].http.tls.pinned: unknown key"});
  EXPECT_EQ(errors_of({{"a", 1}, {"b", 2}}), (Errors{"a: unknown key", "b: unknown key"}));
}

TEST(ConfigSchema, BadTypes) {
  EXPECT_EQ(errors_of({{"sensor", {{"seed", "1"}}}}), Errors{"sensor.seed: expected integer, got string"});
  EXPECT_EQ(errors_of({{"sensor", {{"seed", 1.5}}}}), Errors{"sensor.seed: expected integer, got number"});
  EXPECT_EQ(errors_of({{"rules", {{"lines", json::object()}}}}), Errors{"rules.lines: expected array, got object"});
  EXPECT_EQ(errors_of({{"rules", {{"uturn_filtering", 1}}}}), Errors{"rules.uturn_filtering: expected boolean, got integer"});
  EXPECT_EQ(errors_of(with_line({{"points", json::array({{10, 10}, {"a", 20}})}})),
            Errors{"rules.lines[0].points[1][0]: expected number, got string"});
  EXPECT_EQ(errors_of(json::array()), Errors{"the configuration must be a JSON object"});
  EXPECT_EQ(errors_of({{"version", 2}}), Errors{"version: must be 1"});
}

TEST(ConfigSchema, BadEnumsAndPatterns) {
  EXPECT_EQ(errors_of({{"rules", {{"tracking_mode", "hats"}}}}), Errors{"rules.tracking_mode: \"hats\" is not one of: heads, feet"});
  EXPECT_EQ(errors_of({{"image", {{"power_line_frequency_hz", 55}}}}),
            Errors{"image.power_line_frequency_hz: 55 is not one of: 50, 60"});
  EXPECT_EQ(errors_of({{"rules", {{"scheduled_reset", {{"time", "24:00"}}}}}}),
            Errors{"rules.scheduled_reset.time: \"24:00\" is not a time HH:MM from 00:00 to 23:59"});
  EXPECT_EQ(errors_of({{"system", {{"time", {{"time_zone", "GMT"}}}}}}),
            Errors{"system.time.time_zone: \"GMT\" is not a time zone like UTC+08:00"});
}

TEST(ConfigSchema, MissingRequiredFields) {
  EXPECT_EQ(errors_of(with_line({{"name", "x"}})), Errors{"rules.lines[0].points: missing, it is required"});
  EXPECT_EQ(errors_of({{"communication", {{"recipients", {{{"protocol", "http"}}}}}}}),
            Errors{"communication.recipients[0].name: missing, it is required"});
}

TEST(ConfigSchema, UuidsCreatedWhenMissingAndKept) {
  const auto first = validate({{"rules", {{"lines", {{{"points", zigzag(1)}}}}, {"regions", {{{"points", convex_polygon(3)}}}}}},
                               {"communication", {{"recipients", {http_recipient("a")}}}}});
  ASSERT_TRUE(first.ok());
  const auto line_uuid = first.document["rules"]["lines"][0]["uuid"].get<std::string>();
  EXPECT_TRUE(core::is_uuid(line_uuid));
  EXPECT_TRUE(core::is_uuid(first.document["rules"]["regions"][0]["uuid"].get<std::string>()));
  EXPECT_TRUE(core::is_uuid(first.document["communication"]["recipients"][0]["uuid"].get<std::string>()));
  // An edit keeps the UUID.
  json edited = first.document;
  edited["rules"]["lines"][0]["points"] = zigzag(2);
  const auto second = validate(edited);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second.document["rules"]["lines"][0]["uuid"], line_uuid);
  EXPECT_EQ(second.document, edited);
}

TEST(ConfigSchema, BadAndDuplicateUuids) {
  EXPECT_EQ(errors_of(with_line({{"points", zigzag(1)}, {"uuid", "not-a-uuid"}})),
            Errors{"rules.lines[0].uuid: \"not-a-uuid\" is not a lower-case UUID"});
  const std::string u = core::new_uuid();
  EXPECT_EQ(errors_of({{"rules", {{"lines", {{{"points", zigzag(1)}, {"uuid", u}}}}, {"regions", {{{"points", convex_polygon(3)}, {"uuid", u}}}}}}}),
            Errors{"rules.regions[0].uuid: duplicate uuid " + u});
}

TEST(ConfigSchema, RecipientProtocolFields) {
  json r = http_recipient("a");
  r["http"]["url"] = "ftp://x";
  EXPECT_EQ(errors_of({{"communication", {{"recipients", {r}}}}}),
            Errors{"communication.recipients[0].http.url: must start with http:// or https:// and name a host"});
  r["http"]["url"] = "https://example.invalid/";
  EXPECT_EQ(errors_of({{"communication", {{"recipients", {r}}}}}), Errors{});
  r["enabled"] = false;
  r["http"]["url"] = "";
  EXPECT_EQ(errors_of({{"communication", {{"recipients", {r}}}}}), Errors{});
  json m = {{"name", "m"}, {"protocol", "mqtt"}};
  EXPECT_EQ(errors_of({{"communication", {{"recipients", {m}}}}}),
            (Errors{"communication.recipients[0].mqtt.host: must not be empty",
                    "communication.recipients[0].mqtt.topic: must not be empty"}));
  EXPECT_EQ(errors_of({{"communication", {{"mqtt_api", {{"enabled", true}, {"host", "h"}, {"request_topic", "q"}}}}}}),
            Errors{"communication.mqtt_api.response_topic: must not be empty when the MQTT API is enabled"});
}

TEST(ConfigSchema, UniqueNames) {
  json doc = {{"rules", {{"lines", {{{"points", zigzag(1)}, {"name", "door"}}, {{"points", zigzag(2)}, {"name", "door"}}}}}}};
  EXPECT_EQ(errors_of(doc), Errors{"rules.lines[1].name: \"door\" is used twice"});
  EXPECT_EQ(errors_of({{"communication", {{"recipients", {http_recipient("a"), http_recipient("a")}}}}}),
            Errors{"communication.recipients[1].name: \"a\" is used twice"});
  // Unnamed lines are fine.
  EXPECT_EQ(errors_of({{"rules", {{"lines", {{{"points", zigzag(1)}}, {{"points", zigzag(2)}}}}}}}), Errors{});
}

TEST(ConfigSchema, WithoutSecrets) {
  json doc = defaults();
  doc["communication"]["network"]["cellular"]["password"] = "s3cret";
  doc["communication"]["mqtt_api"]["tls"]["client_key"] = "KEY";
  const json clean = without_secrets(doc);
  EXPECT_EQ(clean["communication"]["network"]["cellular"]["password"], "");
  EXPECT_EQ(clean["communication"]["mqtt_api"]["tls"]["client_key"], "");
  EXPECT_EQ(clean["communication"]["mqtt_api"]["tls"]["client_cert"], "");
  EXPECT_EQ(clean["system"], doc["system"]);
}

}  // namespace
}  // namespace hc::config::test
