// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Comprehend custom entity recognition end to end with the real aws CLI: support-ticket documents
// generated here (product names and ticket ids in templated sentences, with their character
// offsets as Comprehend's annotations CSV) are uploaded as two Lathe datasets, a recognizer is
// trained from them (create-entity-recognizer, describe until TRAINED, held-out F1 checked),
// served (create-endpoint) and called (detect-entities --endpoint-arn); raw responses are checked
// against the Comprehend service model. Bad requests get the model's exceptions, and a training
// that a killed server left behind is IN_ERROR after the restart.
#include <signal.h>

#include <chrono>
#include <random>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "aws/aws_cli_harness.h"

namespace lathe::testing {
namespace {

using nlohmann::json;

constexpr const char* kArn = "arn:aws:comprehend:us-east-1:000000000000:";
constexpr const char* kRole = "arn:aws:iam::000000000000:role/lathe";

struct TicketSet {
  std::string documents_csv = "text\n";  // one document per row (Comprehend: per line)
  std::string annotations_csv = "File,Line,Begin Offset,End Offset,Type\n";
  std::string entity_list_csv = "Text,Type\n";
};

// `count` documents from templates; brands and model codes vary, so the recognizer has to learn
// shapes and contexts. ASCII only, so character and byte offsets agree here.
TicketSet Tickets(int count, uint64_t seed) {
  const std::vector<std::string> brands = {"Zephyr", "Orion", "Vega",   "Nimbus",
                                           "Atlas",  "Pulsar", "Quasar", "Falcon"};
  const std::vector<std::string> templates = {
      "My @P stopped working, see ticket @T.", "Please replace the @P under @T today.",
      "Ticket @T is about a broken @P.",       "The @P arrived late and I opened @T.",
      "Is there an update on @T?",             "I love my new @P!",
      "Nothing is wrong with the delivery.",   "Can you merge @T into @T, both about the @P?"};
  std::mt19937_64 rng(seed);
  TicketSet set;
  for (int line = 0; line < count; ++line) {
    const std::string pattern = templates[rng() % templates.size()];
    std::string document;
    for (size_t i = 0; i < pattern.size(); ++i) {
      if (pattern[i] != '@') {
        document += pattern[i];
        continue;
      }
      const bool product = pattern[++i] == 'P';
      const std::string value =
          product ? brands[rng() % brands.size()] + " " + static_cast<char>('A' + rng() % 26) +
                        std::to_string(100 + rng() % 900)
                  : "TCK-" + std::to_string(10000 + rng() % 90000);
      const std::string type = product ? "PRODUCT" : "TICKET";
      set.annotations_csv += "tickets.txt," + std::to_string(line) + "," +
                             std::to_string(document.size()) + "," +
                             std::to_string(document.size() + value.size()) + "," + type + "\n";
      if (line < 40) set.entity_list_csv += value + "," + type + "\n";
      document += value;
    }
    set.documents_csv += "\"" + document + "\"\n";
  }
  return set;
}

class ComprehendRecognizerCliTest : public AwsCliTest {
 protected:
  ComprehendRecognizerCliTest()
      : AwsCliTest("comprehend", "comprehend/2017-11-27", "Comprehend_20171127") {}

  void Upload(const std::string& name, const std::string& csv) {
    HttpResult r = Post(server().url("/api/v1/datasets?delimiter=comma&name=" + name), csv, "text/csv");
    ASSERT_EQ(r.status, 201) << r.body;
  }

  // Polls `operation` until `member`.Status is `want` or a final state, at most 120 s.
  json WaitFor(const std::string& operation, const json& input, const std::string& member,
               const std::string& want) {
    json last;
    for (int i = 0; i < 240; ++i) {
      last = Raw(operation, input).Json();
      const std::string status = last[member].value("Status", "");
      if (status == want || status == "IN_ERROR" || status == "FAILED" || status == "STOPPED") {
        return last;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
    return last;
  }

  static json AnnotatedConfig(const std::string& documents, const std::string& annotations) {
    return {{"EntityTypes", {{{"Type", "PRODUCT"}}, {{"Type", "TICKET"}}}},
            {"Documents", {{"S3Uri", "s3://lathe/" + documents + ".txt"}}},
            {"Annotations", {{"S3Uri", "s3://lathe/" + annotations + ".csv"}}}};
  }
};

TEST_F(ComprehendRecognizerCliTest, TrainServeAndDetect) {
  const TicketSet set = Tickets(300, 21);
  Upload("ticket-docs", set.documents_csv);
  Upload("ticket-annotations", set.annotations_csv);
  AwsRun created = Aws({"create-entity-recognizer", "--recognizer-name", "tickets-ner",
                        "--data-access-role-arn", kRole, "--language-code", "en",
                        "--input-data-config",
                        AnnotatedConfig("ticket-docs", "ticket-annotations").dump()});
  ASSERT_EQ(created.exit_code, 0) << created;
  const std::string recognizer_arn = created.Json()["EntityRecognizerArn"];
  EXPECT_EQ(recognizer_arn, std::string(kArn) + "entity-recognizer/tickets-ner");

  const json trained = WaitFor("DescribeEntityRecognizer", {{"EntityRecognizerArn", recognizer_arn}},
                               "EntityRecognizerProperties", "TRAINED");
  const json& props = trained["EntityRecognizerProperties"];
  ASSERT_EQ(props["Status"], "TRAINED") << trained;
  EXPECT_EQ(model().Conformance("DescribeEntityRecognizer", trained), "") << trained;
  const json& metadata = props["RecognizerMetadata"];
  EXPECT_EQ(metadata["NumberOfTrainedDocuments"], 240) << metadata;
  EXPECT_EQ(metadata["NumberOfTestDocuments"], 60) << metadata;
  // Held-out F1 (Comprehend reports recognizer metrics in percent).
  EXPECT_GT(metadata["EvaluationMetrics"]["F1Score"].get<double>(), 80) << metadata;
  ASSERT_EQ(metadata["EntityTypes"].size(), 2u) << metadata;
  for (const json& type : metadata["EntityTypes"]) {
    EXPECT_GT(type["EvaluationMetrics"]["F1Score"].get<double>(), 80) << type;
    EXPECT_GT(type["NumberOfTrainMentions"].get<int>(), 50) << type;
  }
  EXPECT_GT(props["TrainingEndTime"].get<double>(), 0);

  AwsRun listed = Aws({"list-entity-recognizers", "--filter", "Status=TRAINED"});
  ASSERT_EQ(listed.exit_code, 0) << listed;
  EXPECT_EQ(listed.Json()["EntityRecognizerPropertiesList"].size(), 1u) << listed;
  EXPECT_EQ(model().Conformance("ListEntityRecognizers",
                                Raw("ListEntityRecognizers", json::object()).Json()),
            "");
  AwsRun none = Aws({"list-entity-recognizers", "--filter", "Status=TRAINING"});
  EXPECT_EQ(none.Json()["EntityRecognizerPropertiesList"].size(), 0u) << none;

  AwsRun endpoint = Aws({"create-endpoint", "--endpoint-name", "tickets-ner", "--model-arn",
                         recognizer_arn, "--desired-inference-units", "1"});
  ASSERT_EQ(endpoint.exit_code, 0) << endpoint;
  const std::string endpoint_arn = endpoint.Json()["EndpointArn"];
  EXPECT_EQ(endpoint_arn, std::string(kArn) + "entity-recognizer-endpoint/tickets-ner");
  AwsRun described = Aws({"describe-endpoint", "--endpoint-arn", endpoint_arn});
  ASSERT_EQ(described.exit_code, 0) << described;
  EXPECT_EQ(described.Json()["EndpointProperties"]["Status"], "IN_SERVICE") << described;
  EXPECT_EQ(model().Conformance("DescribeEndpoint",
                                Raw("DescribeEndpoint", {{"EndpointArn", endpoint_arn}}).Json()),
            "");

  const std::string text = "Hello, my Falcon Q512 is broken again, I filed TCK-55123 last week.";
  AwsRun detected = Aws({"detect-entities", "--endpoint-arn", endpoint_arn, "--text", text});
  ASSERT_EQ(detected.exit_code, 0) << detected;
  // No shape check here: the model's EntityType enum lists the built-in types only, and a custom
  // recognizer answers with its own (as AWS does).
  const json entities = detected.Json()["Entities"];
  ASSERT_EQ(entities.size(), 2u) << detected;
  EXPECT_EQ(entities[0]["Type"], "PRODUCT");
  EXPECT_EQ(entities[0]["Text"], "Falcon Q512");
  EXPECT_EQ(entities[0]["BeginOffset"], text.find("Falcon"));
  EXPECT_EQ(entities[0]["EndOffset"], text.find(" is broken"));
  EXPECT_EQ(entities[1]["Type"], "TICKET");
  EXPECT_EQ(entities[1]["Text"], "TCK-55123");
  EXPECT_GT(entities[1]["Score"].get<double>(), 0.5);
  // Without an endpoint, DetectEntities is still the built-in recognizer.
  AwsRun builtin = Aws({"detect-entities", "--language-code", "en", "--text",
                        "Maria flew to Paris on 3 March 2024."});
  ASSERT_EQ(builtin.exit_code, 0) << builtin;
  EXPECT_NE(builtin.out.find("LOCATION"), std::string::npos) << builtin;
  // A recognizer endpoint does not classify documents.
  HttpResult classify = Raw("ClassifyDocument", {{"EndpointArn", endpoint_arn}, {"Text", "hi"}});
  EXPECT_EQ(classify.Json()["__type"], "InvalidRequestException") << classify.body;

  HttpResult in_use = Raw("DeleteEntityRecognizer", {{"EntityRecognizerArn", recognizer_arn}});
  EXPECT_EQ(in_use.Json()["__type"], "ResourceInUseException") << in_use.body;
  EXPECT_EQ(Aws({"delete-endpoint", "--endpoint-arn", endpoint_arn}).exit_code, 0);
  HttpResult gone = Raw("DetectEntities", {{"EndpointArn", endpoint_arn}, {"Text", "TCK-12345"}});
  EXPECT_EQ(gone.Json()["__type"], "ResourceUnavailableException") << gone.body;
  EXPECT_EQ(Aws({"delete-entity-recognizer", "--entity-recognizer-arn", recognizer_arn}).exit_code,
            0);
  HttpResult missing = Raw("DescribeEntityRecognizer", {{"EntityRecognizerArn", recognizer_arn}});
  EXPECT_EQ(missing.Json()["__type"], "ResourceNotFoundException") << missing.body;
}

TEST_F(ComprehendRecognizerCliTest, TrainsFromAnEntityList) {
  const TicketSet set = Tickets(150, 22);
  Upload("docs", set.documents_csv);
  Upload("known-entities", set.entity_list_csv);
  const json config = {{"EntityTypes", {{{"Type", "TICKET"}}, {{"Type", "PRODUCT"}}}},
                       {"Documents", {{"S3Uri", "s3://lathe/docs"}}},
                       {"EntityList", {{"S3Uri", "s3://lathe/known-entities.csv"}}}};
  AwsRun created = Aws({"create-entity-recognizer", "--recognizer-name", "from-list",
                        "--data-access-role-arn", kRole, "--language-code", "en",
                        "--input-data-config", config.dump()});
  ASSERT_EQ(created.exit_code, 0) << created;
  const json trained =
      WaitFor("DescribeEntityRecognizer", {{"EntityRecognizerArn", created.Json()["EntityRecognizerArn"]}},
              "EntityRecognizerProperties", "TRAINED");
  ASSERT_EQ(trained["EntityRecognizerProperties"]["Status"], "TRAINED") << trained;
  EXPECT_EQ(model().Conformance("DescribeEntityRecognizer", trained), "") << trained;
  // The list names the entities of the first 40 documents; matching finds them wherever they
  // occur, so there are mentions of both types to learn from.
  for (const json& type : trained["EntityRecognizerProperties"]["RecognizerMetadata"]["EntityTypes"]) {
    EXPECT_GT(type["NumberOfTrainMentions"].get<int>(), 10) << type;
  }
}

TEST_F(ComprehendRecognizerCliTest, BadRequestsAreTheModelsExceptions) {
  const TicketSet set = Tickets(30, 23);
  Upload("docs", set.documents_csv);
  Upload("notes", set.annotations_csv);
  const json base = {{"RecognizerName", "ner"},
                     {"DataAccessRoleArn", kRole},
                     {"LanguageCode", "en"},
                     {"InputDataConfig", AnnotatedConfig("docs", "notes")}};
  auto error = [&](const json& input) {
    HttpResult r = Raw("CreateEntityRecognizer", input);
    EXPECT_EQ(r.status, 400) << r.body;
    return r.Json()["__type"].get<std::string>() + ": " + r.Json().value("message", "");
  };
  json no_types = base;
  no_types["InputDataConfig"].erase("EntityTypes");
  EXPECT_NE(error(no_types).find("InvalidRequestException: InputDataConfig.EntityTypes"),
            std::string::npos);
  json no_dataset = base;
  no_dataset["InputDataConfig"]["Documents"]["S3Uri"] = "s3://lathe/nothing-here.txt";
  EXPECT_NE(error(no_dataset).find("InputDataConfig.Documents.S3Uri: 's3://lathe/nothing-here.txt'"),
            std::string::npos);
  json both = base;
  both["InputDataConfig"]["EntityList"] = {{"S3Uri", "s3://lathe/notes"}};
  EXPECT_NE(error(both).find("exactly one of Annotations and EntityList"), std::string::npos);
  json klingon = base;
  klingon["LanguageCode"] = "tlh";
  EXPECT_NE(error(klingon).find("UnsupportedLanguageException"), std::string::npos);
  json bad_name = base;
  bad_name["RecognizerName"] = "not a name";
  EXPECT_NE(error(bad_name).find("RecognizerName"), std::string::npos);

  // Content errors show when training reads the data: IN_ERROR naming the row.
  Upload("bad-notes", "File,Line,Begin Offset,End Offset,Type\nt.txt,0,0,3,PRODUCT\n"
                      "t.txt,1,0,4,COLOUR\n");
  json bad_rows = base;
  bad_rows["InputDataConfig"] = AnnotatedConfig("docs", "bad-notes");
  HttpResult created = Raw("CreateEntityRecognizer", bad_rows);
  ASSERT_EQ(created.status, 200) << created.body;
  const json failed = WaitFor("DescribeEntityRecognizer",
                              {{"EntityRecognizerArn", created.Json()["EntityRecognizerArn"]}},
                              "EntityRecognizerProperties", "TRAINED");
  EXPECT_EQ(failed["EntityRecognizerProperties"]["Status"], "IN_ERROR") << failed;
  EXPECT_EQ(failed["EntityRecognizerProperties"]["Message"],
            "Annotations row 2: Type 'COLOUR' is not one of InputDataConfig.EntityTypes")
      << failed;
  EXPECT_EQ(model().Conformance("DescribeEntityRecognizer", failed), "") << failed;
  EXPECT_NE(error(bad_rows).find("ResourceInUseException"), std::string::npos);

  HttpResult r = Raw("CreateEndpoint", {{"EndpointName", "e"},
                                        {"ModelArn", created.Json()["EntityRecognizerArn"]},
                                        {"DesiredInferenceUnits", 1}});
  EXPECT_EQ(r.Json()["__type"], "ResourceUnavailableException") << r.body;
  r = Raw("DetectEntities", {{"EndpointArn", "arn:aws:comprehend:us-east-1:000000000000:"
                                             "entity-recognizer-endpoint/none"},
                             {"Text", "hello"}});
  EXPECT_EQ(r.Json()["__type"], "ResourceUnavailableException") << r.body;
  r = Raw("DescribeEntityRecognizer", {{"EntityRecognizerArn", "arn:nope"}});
  EXPECT_EQ(r.Json()["__type"], "InvalidRequestException") << r.body;
  EXPECT_EQ(Get(server().url("/healthz")).status, 200);
}

TEST_F(ComprehendRecognizerCliTest, StopAndRestartEndTraining) {
  // Big enough to train for several seconds on a loaded machine.
  const TicketSet set = Tickets(8000, 24);
  Upload("big-docs", set.documents_csv);
  Upload("big-notes", set.annotations_csv);
  json input = {{"RecognizerName", "stopped"},
                {"DataAccessRoleArn", kRole},
                {"LanguageCode", "en"},
                {"InputDataConfig", AnnotatedConfig("big-docs", "big-notes")}};
  HttpResult created = Raw("CreateEntityRecognizer", input);
  ASSERT_EQ(created.status, 200) << created.body;
  const json stop_arn = {{"EntityRecognizerArn", created.Json()["EntityRecognizerArn"]}};
  WaitFor("DescribeEntityRecognizer", stop_arn, "EntityRecognizerProperties", "TRAINING");
  ASSERT_EQ(Raw("StopTrainingEntityRecognizer", stop_arn).status, 200);
  const json stopped =
      WaitFor("DescribeEntityRecognizer", stop_arn, "EntityRecognizerProperties", "STOPPED");
  EXPECT_EQ(stopped["EntityRecognizerProperties"]["Status"], "STOPPED") << stopped;

  input["RecognizerName"] = "interrupted";
  created = Raw("CreateEntityRecognizer", input);
  ASSERT_EQ(created.status, 200) << created.body;
  const json arn = {{"EntityRecognizerArn", created.Json()["EntityRecognizerArn"]}};
  const json training = WaitFor("DescribeEntityRecognizer", arn, "EntityRecognizerProperties",
                                "TRAINING");
  ASSERT_EQ(training["EntityRecognizerProperties"]["Status"], "TRAINING") << training;
  server().Kill(SIGKILL);
  ASSERT_TRUE(server().Start());
  const json after = Raw("DescribeEntityRecognizer", arn).Json();
  EXPECT_EQ(after["EntityRecognizerProperties"]["Status"], "IN_ERROR") << after;
  EXPECT_EQ(after["EntityRecognizerProperties"]["Message"], "interrupted by a server restart");
}

}  // namespace
}  // namespace lathe::testing
