// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Comprehend custom classification end to end with the real aws CLI: a labelled text dataset made
// here (three topics, words drawn from topic vocabularies) is uploaded, a document classifier is
// trained from it (create-document-classifier, describe until TRAINED), served
// (create-endpoint, describe until IN_SERVICE) and called (classify-document); raw responses are
// checked against the Comprehend service model. The same for a MULTI_LABEL classifier (a model per
// label, labels joined by "|"). Bad requests get the model's exceptions.
#include <chrono>
#include <random>
#include <set>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "aws/aws_cli_harness.h"

namespace lathe::testing {
namespace {

using nlohmann::json;

constexpr const char* kArn = "arn:aws:comprehend:us-east-1:000000000000:";

// 150 documents, 50 per topic: 8 words from the topic's vocabulary mixed with 4 common ones.
std::string TicketsCsv() {
  const std::vector<std::pair<std::string, std::vector<std::string>>> topics = {
      {"billing", {"invoice", "charged", "refund", "payment", "card", "bill", "price", "twice"}},
      {"shipping", {"parcel", "delivery", "courier", "tracking", "arrived", "late", "box", "address"}},
      {"technical", {"crash", "error", "login", "password", "app", "screen", "update", "bug"}}};
  const std::vector<std::string> common = {"the", "my", "please", "help", "today", "was", "it"};
  std::mt19937 rng(11);
  std::string csv = "label,text\n";
  for (int i = 0; i < 150; ++i) {
    const auto& [label, words] = topics[i % 3];
    std::string text;
    for (int w = 0; w < 12; ++w) {
      const auto& pool = w % 3 == 2 ? common : words;
      text += (w ? " " : "") + pool[rng() % pool.size()];
    }
    csv += label + "," + text + "\n";
  }
  return csv;
}

class ComprehendClassifierCliTest : public AwsCliTest {
 protected:
  ComprehendClassifierCliTest()
      : AwsCliTest("comprehend", "comprehend/2017-11-27", "Comprehend_20171127") {}

  // Polls `operation` until `path`'s status is `want` (or a terminal failure), at most 180 s.
  json WaitFor(const std::string& operation, const json& input, const std::string& member,
               const std::string& want) {
    json last;
    for (int i = 0; i < 360; ++i) {
      HttpResult r = Raw(operation, input);
      last = r.Json();
      const std::string status = last[member].value("Status", "");
      if (status == want || status == "IN_ERROR" || status == "FAILED" || status == "STOPPED") {
        return last;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
    return last;
  }
};

TEST_F(ComprehendClassifierCliTest, TrainServeAndClassify) {
  ASSERT_EQ(Post(server().url("/api/v1/datasets?name=tickets"), TicketsCsv(), "text/csv").status,
            201);
  AwsRun created = Aws({"create-document-classifier", "--document-classifier-name", "tickets-clf",
                        "--data-access-role-arn", "arn:aws:iam::000000000000:role/lathe",
                        "--input-data-config", "S3Uri=s3://lathe/tickets", "--language-code", "en",
                        "--tags", "Key=lathe:budget-seconds,Value=6"});
  ASSERT_EQ(created.exit_code, 0) << created;
  const std::string classifier_arn = created.Json()["DocumentClassifierArn"];
  EXPECT_EQ(classifier_arn, std::string(kArn) + "document-classifier/tickets-clf");

  const json trained = WaitFor("DescribeDocumentClassifier", {{"DocumentClassifierArn", classifier_arn}},
                               "DocumentClassifierProperties", "TRAINED");
  const json& props = trained["DocumentClassifierProperties"];
  ASSERT_EQ(props["Status"], "TRAINED") << trained;
  EXPECT_EQ(model().Conformance("DescribeDocumentClassifier", trained), "") << trained;
  EXPECT_EQ(props["ClassifierMetadata"]["NumberOfLabels"], 3) << trained;
  EXPECT_EQ(props["ClassifierMetadata"]["NumberOfTrainedDocuments"].get<int>() +
                props["ClassifierMetadata"]["NumberOfTestDocuments"].get<int>(),
            150);
  // The topics are separable by their words: a working text learner is nearly perfect.
  EXPECT_GT(props["ClassifierMetadata"]["EvaluationMetrics"]["Accuracy"].get<double>(), 0.85);
  // The native API names the Lathe training job behind it (the AWS shape has no field for it).
  HttpResult training = Get(server().url("/api/v1/text/classifiers/tickets-clf"));
  ASSERT_EQ(training.status, 200) << training;
  const json jobs = training.Json()["training_jobs"];
  ASSERT_EQ(jobs.size(), 1u) << training;
  EXPECT_TRUE(jobs[0]["label"].is_null()) << training;
  EXPECT_EQ(jobs[0]["state"], "Completed") << training;
  EXPECT_EQ(training.Json()["arn"], classifier_arn);
  HttpResult job = Get(server().url("/api/v1/training-jobs/" + jobs[0]["job_id"].get<std::string>()));
  ASSERT_EQ(job.status, 200) << job;
  EXPECT_EQ(job.Json()["model_id"], jobs[0]["model_id"]) << job;
  HttpResult unknown = Get(server().url("/api/v1/text/classifiers/nothing-here"));
  EXPECT_EQ(unknown.status, 404) << unknown;
  EXPECT_NE(unknown.body.find("nothing-here"), std::string::npos) << unknown;

  AwsRun listed = Aws({"list-document-classifiers"});
  ASSERT_EQ(listed.exit_code, 0) << listed;
  EXPECT_EQ(listed.Json()["DocumentClassifierPropertiesList"].size(), 1u);
  EXPECT_EQ(model().Conformance("ListDocumentClassifiers", Raw("ListDocumentClassifiers", json::object()).Json()), "");

  AwsRun endpoint = Aws({"create-endpoint", "--endpoint-name", "tickets", "--model-arn",
                         classifier_arn, "--desired-inference-units", "1"});
  ASSERT_EQ(endpoint.exit_code, 0) << endpoint;
  const std::string endpoint_arn = endpoint.Json()["EndpointArn"];
  const json served = WaitFor("DescribeEndpoint", {{"EndpointArn", endpoint_arn}},
                              "EndpointProperties", "IN_SERVICE");
  ASSERT_EQ(served["EndpointProperties"]["Status"], "IN_SERVICE") << served;
  EXPECT_EQ(model().Conformance("DescribeEndpoint", served), "") << served;
  // The Comprehend endpoint is a Lathe endpoint too (studio, /invocations).
  EXPECT_EQ(Get(server().url("/api/v1/endpoints/tickets")).status, 200);

  AwsRun classified = Aws({"classify-document", "--endpoint-arn", endpoint_arn, "--text",
                           "I was charged twice, please refund the payment on my card"});
  ASSERT_EQ(classified.exit_code, 0) << classified;
  const json classes = classified.Json()["Classes"];
  ASSERT_EQ(classes.size(), 3u) << classified;
  EXPECT_EQ(classes[0]["Name"], "billing") << classified;
  EXPECT_GE(classes[0]["Score"].get<double>(), classes[1]["Score"].get<double>());
  HttpResult raw = Raw("ClassifyDocument", {{"EndpointArn", endpoint_arn},
                                            {"Text", "the courier lost my parcel, tracking says late"}});
  ASSERT_EQ(raw.status, 200) << raw;
  EXPECT_EQ(raw.Json()["Classes"][0]["Name"], "shipping") << raw.body;
  EXPECT_EQ(model().Conformance("ClassifyDocument", raw.Json()), "") << raw.body;

  // In use: the classifier cannot go while its endpoint serves it.
  HttpResult in_use = Raw("DeleteDocumentClassifier", {{"DocumentClassifierArn", classifier_arn}});
  EXPECT_EQ(in_use.Json()["__type"], "ResourceInUseException") << in_use.body;
  EXPECT_EQ(Aws({"delete-endpoint", "--endpoint-arn", endpoint_arn}).exit_code, 0);
  HttpResult gone = Raw("ClassifyDocument", {{"EndpointArn", endpoint_arn}, {"Text", "hello"}});
  EXPECT_EQ(gone.Json()["__type"], "ResourceUnavailableException") << gone.body;
  EXPECT_EQ(Aws({"delete-document-classifier", "--document-classifier-arn", classifier_arn}).exit_code, 0);
  HttpResult missing = Raw("DescribeDocumentClassifier", {{"DocumentClassifierArn", classifier_arn}});
  EXPECT_EQ(missing.Json()["__type"], "ResourceNotFoundException") << missing.body;
}

// 180 documents with one or two of three topics (labels joined by "|"), words drawn from the
// vocabularies of their topics.
std::string MultiLabelCsv() {
  const std::vector<std::pair<std::string, std::vector<std::string>>> topics = {
      {"billing", {"invoice", "charged", "refund", "payment", "card", "bill", "price", "twice"}},
      {"shipping", {"parcel", "delivery", "courier", "tracking", "arrived", "late", "box", "address"}},
      {"technical", {"crash", "error", "login", "password", "app", "screen", "update", "bug"}}};
  const std::vector<std::string> common = {"the", "my", "please", "help", "today", "was", "it"};
  std::mt19937 rng(12);
  std::string csv = "label,text\n";
  for (int i = 0; i < 180; ++i) {
    std::vector<int> labels = {i % 3};
    if (i % 2 == 0) labels.push_back((i / 2) % 3 == i % 3 ? (i + 1) % 3 : (i / 2) % 3);
    std::string label, text;
    for (int l : labels) label += (label.empty() ? "" : "|") + topics[l].first;
    for (int w = 0; w < 12; ++w) {
      const auto& pool = w % 3 == 2 ? common : topics[labels[w % labels.size()]].second;
      text += (w ? " " : "") + pool[rng() % pool.size()];
    }
    csv += label + "," + text + "\n";
  }
  return csv;
}

TEST_F(ComprehendClassifierCliTest, MultiLabelTrainServeAndClassify) {
  ASSERT_EQ(Post(server().url("/api/v1/datasets?name=topics&delimiter=comma"), MultiLabelCsv(), "text/csv").status,
            201);
  AwsRun created = Aws({"create-document-classifier", "--document-classifier-name", "topics",
                        "--data-access-role-arn", "arn:aws:iam::000000000000:role/lathe",
                        "--mode", "MULTI_LABEL", "--input-data-config",
                        "S3Uri=s3://lathe/topics.csv,LabelDelimiter=|", "--language-code", "en",
                        "--tags", "Key=lathe:budget-seconds,Value=9"});
  ASSERT_EQ(created.exit_code, 0) << created;
  const std::string arn = created.Json()["DocumentClassifierArn"];
  const json trained = WaitFor("DescribeDocumentClassifier", {{"DocumentClassifierArn", arn}},
                               "DocumentClassifierProperties", "TRAINED");
  const json& props = trained["DocumentClassifierProperties"];
  ASSERT_EQ(props["Status"], "TRAINED") << trained;
  EXPECT_EQ(props["Mode"], "MULTI_LABEL");
  EXPECT_EQ(model().Conformance("DescribeDocumentClassifier", trained), "") << trained;
  const json& metadata = props["ClassifierMetadata"];
  EXPECT_EQ(metadata["NumberOfLabels"], 3) << metadata;
  EXPECT_EQ(metadata["NumberOfTestDocuments"], 36) << metadata;
  EXPECT_EQ(metadata["NumberOfTrainedDocuments"], 144) << metadata;
  const json& metrics = metadata["EvaluationMetrics"];
  EXPECT_LT(metrics["HammingLoss"].get<double>(), 0.15) << metrics;
  EXPECT_GT(metrics["MicroF1Score"].get<double>(), 0.8) << metrics;
  EXPECT_GT(metrics["F1Score"].get<double>(), 0.8) << metrics;
  EXPECT_GE(metrics["Accuracy"].get<double>(), 0) << metrics;
  // One Lathe training job per label, each with its model.
  HttpResult training = Get(server().url("/api/v1/text/classifiers/topics"));
  ASSERT_EQ(training.status, 200) << training;
  const json training_body = training.Json();  // kept: the loop below reads into it
  EXPECT_EQ(training_body["mode"], "MULTI_LABEL");
  std::set<std::string> job_labels;
  for (const json& job : training_body["training_jobs"]) {
    job_labels.insert(job["label"].get<std::string>());
    EXPECT_EQ(job["state"], "Completed") << training;
    EXPECT_TRUE(job["model_id"].is_string()) << training;
  }
  EXPECT_EQ(job_labels, (std::set<std::string>{"billing", "shipping", "technical"})) << training;
  // The metrics are computed once and kept: a second describe gives the same.
  EXPECT_EQ(Raw("DescribeDocumentClassifier", {{"DocumentClassifierArn", arn}})
                .Json()["DocumentClassifierProperties"]["ClassifierMetadata"],
            metadata);

  AwsRun endpoint = Aws({"create-endpoint", "--endpoint-name", "topics", "--model-arn", arn,
                         "--desired-inference-units", "1"});
  ASSERT_EQ(endpoint.exit_code, 0) << endpoint;
  const std::string endpoint_arn = endpoint.Json()["EndpointArn"];
  const json served = WaitFor("DescribeEndpoint", {{"EndpointArn", endpoint_arn}},
                              "EndpointProperties", "IN_SERVICE");
  ASSERT_EQ(served["EndpointProperties"]["Status"], "IN_SERVICE") << served;
  AwsRun classified = Aws({"classify-document", "--endpoint-arn", endpoint_arn, "--text",
                           "the courier lost my parcel and I was charged twice for the invoice"});
  ASSERT_EQ(classified.exit_code, 0) << classified;
  EXPECT_EQ(model().Conformance("ClassifyDocument", classified.Json()), "") << classified;
  const json labels = classified.Json()["Labels"];
  ASSERT_EQ(labels.size(), 3u) << classified;
  EXPECT_EQ(std::set<std::string>({labels[0]["Name"], labels[1]["Name"]}),
            (std::set<std::string>{"billing", "shipping"}))
      << classified;
  EXPECT_GT(labels[1]["Score"].get<double>(), 0.5) << classified;
  EXPECT_LT(labels[2]["Score"].get<double>(), 0.5) << classified;
  EXPECT_FALSE(classified.Json().contains("Classes"));
}

TEST_F(ComprehendClassifierCliTest, BadRequestsAreTheModelsExceptions) {
  ASSERT_EQ(Post(server().url("/api/v1/datasets?name=tickets"), TicketsCsv(), "text/csv").status,
            201);
  const json base = {{"DocumentClassifierName", "clf"},
                     {"DataAccessRoleArn", "arn:aws:iam::000000000000:role/lathe"},
                     {"InputDataConfig", {{"S3Uri", "s3://lathe/tickets"}}},
                     {"LanguageCode", "en"}};
  json no_dataset = base;
  no_dataset["InputDataConfig"]["S3Uri"] = "s3://lathe/nothing-here";
  HttpResult r = Raw("CreateDocumentClassifier", no_dataset);
  EXPECT_EQ(r.Json()["__type"], "InvalidRequestException") << r.body;
  EXPECT_NE(r.body.find("nothing-here"), std::string::npos) << r.body;

  json bad_mode = base;
  bad_mode["Mode"] = "SOMETIMES_LABEL";
  r = Raw("CreateDocumentClassifier", bad_mode);
  EXPECT_EQ(r.Json()["__type"], "InvalidRequestException") << r.body;
  // MULTI_LABEL over single-label data: "billing" etc. split at "|" are still 3 labels, but a
  // delimiter of two characters is refused, and so is one label in all.
  json multi_label = base;
  multi_label["Mode"] = "MULTI_LABEL";
  multi_label["InputDataConfig"]["LabelDelimiter"] = "||";
  r = Raw("CreateDocumentClassifier", multi_label);
  EXPECT_EQ(r.Json()["__type"], "InvalidRequestException") << r.body;
  EXPECT_NE(r.body.find("InputDataConfig.LabelDelimiter"), std::string::npos) << r.body;
  ASSERT_EQ(Post(server().url("/api/v1/datasets?name=one-label"),
                 "label,text\nspam,buy now\nspam,cheap pills\nspam,win money\n", "text/csv")
                .status,
            201);
  multi_label["InputDataConfig"] = {{"S3Uri", "s3://lathe/one-label"}};
  r = Raw("CreateDocumentClassifier", multi_label);
  EXPECT_EQ(r.Json()["__type"], "InvalidRequestException") << r.body;
  EXPECT_NE(r.body.find("MULTI_LABEL needs at least 2"), std::string::npos) << r.body;

  json klingon = base;
  klingon["LanguageCode"] = "tlh";
  r = Raw("CreateDocumentClassifier", klingon);
  EXPECT_EQ(r.Json()["__type"], "UnsupportedLanguageException") << r.body;

  json bad_name = base;
  bad_name["DocumentClassifierName"] = "no spaces allowed";
  r = Raw("CreateDocumentClassifier", bad_name);
  EXPECT_EQ(r.Json()["__type"], "InvalidRequestException") << r.body;
  EXPECT_NE(r.body.find("DocumentClassifierName"), std::string::npos) << r.body;

  json quick = base;
  quick["Tags"] = {{{"Key", "lathe:budget-seconds"}, {"Value", "2"}}};
  ASSERT_EQ(Raw("CreateDocumentClassifier", quick).status, 200);
  r = Raw("CreateDocumentClassifier", quick);
  EXPECT_EQ(r.Json()["__type"], "ResourceInUseException") << r.body;

  r = Raw("DescribeEndpoint", {{"EndpointArn", std::string(kArn) + "document-classifier-endpoint/none"}});
  EXPECT_EQ(r.Json()["__type"], "ResourceNotFoundException") << r.body;
  r = Raw("ClassifyDocument", {{"EndpointArn", "not-an-arn"}, {"Text", "hi"}});
  EXPECT_EQ(r.Json()["__type"], "InvalidRequestException") << r.body;
  EXPECT_NE(r.body.find("EndpointArn"), std::string::npos) << r.body;
  r = Raw("CreateEndpoint", {{"EndpointName", "e"}, {"ModelArn", std::string(kArn) + "document-classifier/clf"}});
  EXPECT_EQ(r.Json()["__type"], "InvalidRequestException") << r.body;  // no DesiredInferenceUnits
  // Stop the quick job; the server stays up.
  EXPECT_EQ(Raw("StopTrainingDocumentClassifier",
                {{"DocumentClassifierArn", std::string(kArn) + "document-classifier/clf"}}).status,
            200);
  EXPECT_EQ(Get(server().url("/healthz")).status, 200);
}

}  // namespace
}  // namespace lathe::testing
