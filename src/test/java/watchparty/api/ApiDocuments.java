package watchparty.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * openapi.json and asyncapi.json as the tests read them: the documents, a JSON Schema 2020-12
 * validator (networknt json-schema-validator) that resolves references within and between
 * them, the checks of a real answer or message against them, and the record of what real
 * answers and messages were checked, to compare with what the documents describe.
 */
final class ApiDocuments {
  /** Where the two documents are taken to lie, side by side as the service serves them, so that relative references resolve. */
  static final String BASE = "https://watchparty.test/";
  static final String OPENAPI = BASE + "openapi.json";
  static final String ASYNCAPI = BASE + "asyncapi.json";
  /** The official schemas of the two formats, shipped under src/test/resources/api-schemas (see its NOTICE.md). */
  static final String OAS_31_SCHEMA = "https://spec.openapis.org/oas/3.1/schema/2025-09-15";
  static final String ASYNCAPI_300_SCHEMA = "http://asyncapi.com/definitions/3.0.0/asyncapi.json";
  static final String DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema";
  static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

  final ObjectMapper json = new ObjectMapper();
  final JsonNode openApi;
  final JsonNode asyncApi;
  private final SchemaRegistry registry;
  private final Map<String, Schema> schemas = new ConcurrentHashMap<>();
  /** What real answers and messages were checked, as {@link #documented()} names them. */
  private final Set<String> checked = ConcurrentHashMap.newKeySet();

  ApiDocuments() {
    String openApiText = resource("/openapi.json");
    String asyncApiText = resource("/asyncapi.json");
    try {
      openApi = json.readTree(openApiText);
      asyncApi = json.readTree(asyncApiText);
    } catch (IOException e) {
      throw new UncheckedIOException("openapi.json or asyncapi.json is not JSON", e);
    }
    Map<String, String> documents = Map.of(OPENAPI, openApiText, ASYNCAPI, asyncApiText,
        OAS_31_SCHEMA, resource("/api-schemas/oas-3.1-schema-2025-09-15.json"),
        ASYNCAPI_300_SCHEMA, resource("/api-schemas/asyncapi-3.0.0-schema.json"));
    // nothing is fetched from the network: a reference to anything else fails
    registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, b -> b.schemas(documents));
  }

  static String resource(String name) {
    try (InputStream in = ApiDocuments.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is not on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  JsonNode document(String iri) {
    return iri.equals(OPENAPI) ? openApi : iri.equals(ASYNCAPI) ? asyncApi : null;
  }

  // ---- validation -------------------------------------------------------------------------

  /** The schema at pointer in a document (its references resolved against that document). */
  Schema schema(String iri, String pointer) {
    return schemas.computeIfAbsent(iri + "#" + pointer, key -> {
      JsonNode doc = document(iri);
      if (doc == null) {
        return registry.getSchema(SchemaLocation.of(iri));
      }
      JsonNode node = doc.at(pointer);
      if (node.isMissingNode()) {
        throw new AssertionError("no schema at " + key);
      }
      // loaded from the whole document, so that its "#/..." references resolve within it
      return registry.getSchema(SchemaLocation.of(iri + "#" + fragment(pointer)));
    });
  }

  /** A JSON pointer as a URI fragment (path templates have braces). */
  private static String fragment(String pointer) {
    StringBuilder b = new StringBuilder();
    for (byte c : pointer.getBytes(StandardCharsets.UTF_8)) {
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "/~-._".indexOf(c) >= 0) {
        b.append((char) c);
      } else {
        b.append('%').append(String.format("%02X", c & 0xFF));
      }
    }
    return b.toString();
  }

  List<Error> errors(String iri, String pointer, JsonNode instance) {
    return schema(iri, pointer).validate(instance);
  }

  void assertValid(String iri, String pointer, JsonNode instance, String what) {
    List<Error> errors = errors(iri, pointer, instance);
    if (!errors.isEmpty()) {
      throw new AssertionError(what + " does not match " + iri + "#" + pointer + ": " + errors + "\n  " + instance);
    }
  }

  void assertInvalid(String iri, String pointer, JsonNode instance, String what) {
    if (errors(iri, pointer, instance).isEmpty()) {
      throw new AssertionError(what + " should not match " + iri + "#" + pointer + " but does: " + instance);
    }
  }

  /**
   * A valid answer or message, changed at its top level, must no longer match: a field added, a
   * field taken away (every one is required), a field of another type. A schema that accepts
   * these is too loose to catch the service drifting from it.
   */
  void assertStrict(String iri, String pointer, JsonNode valid, String what) {
    if (!valid.isObject()) {
      return;
    }
    ObjectNode added = valid.deepCopy();
    added.put("unexpectedField", 1);
    assertInvalid(iri, pointer, added, what + " with a field added");
    for (Iterator<String> names = valid.fieldNames(); names.hasNext();) {
      String name = names.next();
      ObjectNode removed = valid.deepCopy();
      removed.remove(name);
      assertInvalid(iri, pointer, removed, what + " without " + name);
      ObjectNode retyped = valid.deepCopy();
      JsonNode v = valid.get(name);
      retyped.set(name, v.isTextual() || v.isNull() ? BooleanNode.TRUE : TextNode.valueOf("x"));
      assertInvalid(iri, pointer, retyped, what + " with " + name + " of another type");
    }
  }

  // ---- OpenAPI: a real answer against its operation --------------------------------------

  /** A node of a document and where it is. */
  record Located(String pointer, JsonNode node) {
  }

  /** The node at pointer, following Reference Objects ($ref to "#/...") to what they name. */
  Located resolve(JsonNode doc, String pointer) {
    JsonNode node = doc.at(pointer);
    for (int hops = 0; node.has("$ref") && node.get("$ref").isTextual() && hops < 10; hops++) {
      String ref = node.get("$ref").asText();
      if (!ref.startsWith("#/")) {
        break;
      }
      pointer = ref.substring(1);
      node = doc.at(pointer);
    }
    return new Located(pointer, node);
  }

  static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }

  static String operationPointer(String method, String pathTemplate) {
    return "/paths/" + escape(pathTemplate) + "/" + method.toLowerCase(Locale.ROOT);
  }

  /**
   * Checks a real answer against the operation's description: the status is documented, every
   * required header is there and every documented header matches its schema, the media type is
   * one documented and the body matches its schema (the strictness of JSON bodies is tested
   * too), or there is no body where none is described. Records what it checked.
   */
  void checkAnswer(String method, String pathTemplate, RawHttp.Answer answer) {
    String where = method + " " + pathTemplate + " -> " + answer.status();
    String opPointer = operationPointer(method, pathTemplate);
    if (openApi.at(opPointer).isMissingNode()) {
      throw new AssertionError(method + " " + pathTemplate + " is not described in openapi.json");
    }
    Located response = resolve(openApi, opPointer + "/responses/" + answer.status());
    if (response.node().isMissingNode()) {
      throw new AssertionError(where + " is an undocumented status: " + answer);
    }
    JsonNode headers = response.node().path("headers");
    for (Iterator<Map.Entry<String, JsonNode>> it = headers.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> h = it.next();
      Located header = resolve(openApi, response.pointer() + "/headers/" + escape(h.getKey()));
      String value = answer.header(h.getKey());
      if (value == null) {
        if (header.node().path("required").asBoolean(false)) {
          throw new AssertionError(where + " lacks the required header " + h.getKey() + ": " + answer);
        }
        continue;
      }
      String schemaPointer = header.pointer() + "/schema";
      JsonNode type = resolve(openApi, schemaPointer).node().path("type");
      JsonNode instance = TextNode.valueOf(value);
      if (type.asText().equals("integer")) {
        try {
          instance = LongNode.valueOf(Long.parseLong(value));
        } catch (NumberFormatException e) {
          throw new AssertionError(where + ": header " + h.getKey() + " is not an integer: " + value);
        }
      }
      assertValid(OPENAPI, schemaPointer, instance, where + " header " + h.getKey());
    }
    JsonNode content = response.node().path("content");
    String key = method.toUpperCase(Locale.ROOT) + " " + pathTemplate + " " + answer.status();
    if (content.isMissingNode() || content.isEmpty()) {
      if (answer.body().length > 0) {
        throw new AssertionError(where + " has a body where none is described: " + answer);
      }
      checked.add(key);
      return;
    }
    // the HTTP layer's own refusals carry no Content-Type: their text is plain
    String contentType = answer.header("content-type");
    String mediaType = contentType == null ? "text/plain" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
    if (!content.has(mediaType)) {
      throw new AssertionError(where + " answered " + contentType + ", not one of " + names(content) + ": " + answer);
    }
    key += " " + mediaType;
    String schemaPointer = response.pointer() + "/content/" + escape(mediaType) + "/schema";
    if (method.equalsIgnoreCase("HEAD")) {
      if (answer.body().length > 0) {
        throw new AssertionError(where + " has a body: " + answer);
      }
    } else if (mediaType.equals("application/json")) {
      JsonNode body;
      try {
        body = json.readTree(answer.body());
      } catch (IOException e) {
        throw new AssertionError(where + " is not JSON: " + answer);
      }
      assertValid(OPENAPI, schemaPointer, body, where);
      assertStrict(OPENAPI, schemaPointer, body, where);
      key += oneOfBranch(schemaPointer, body, where);
    } else if (mediaType.startsWith("text/")) {
      assertValid(OPENAPI, schemaPointer, TextNode.valueOf(answer.text()), where);
    } else if (answer.body().length == 0) {
      throw new AssertionError(where + " has an empty " + mediaType + " body");
    }
    checked.add(key);
  }

  /** Which branch of a top-level oneOf the body matched, so that every branch must be seen. */
  private String oneOfBranch(String schemaPointer, JsonNode body, String where) {
    Located schema = resolve(openApi, schemaPointer);
    JsonNode oneOf = schema.node().path("oneOf");
    if (!oneOf.isArray()) {
      return "";
    }
    List<Integer> matched = new ArrayList<>();
    for (int i = 0; i < oneOf.size(); i++) {
      if (errors(OPENAPI, schema.pointer() + "/oneOf/" + i, body).isEmpty()) {
        matched.add(i);
      }
    }
    if (matched.size() != 1) {
      throw new AssertionError(where + " matches oneOf branches " + matched);
    }
    return " oneOf[" + matched.get(0) + "]";
  }

  /** Checks a request body the test sends against the operation's request schema. */
  boolean requestMatches(String method, String pathTemplate, JsonNode body) {
    String pointer = operationPointer(method, pathTemplate) + "/requestBody/content/application~1json/schema";
    return errors(OPENAPI, pointer, body).isEmpty();
  }

  void markChecked(String key) {
    checked.add(key);
  }

  private static List<String> names(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  // ---- AsyncAPI: a real message against the channel's messages ---------------------------

  /** One message of a channel: its key in the channel, its name (the payload's type) and its payload schema. */
  record Message(String channel, String key, String name, String payloadPointer, boolean fromServer) {
  }

  /** The messages of a channel, each marked with its direction from the operations that use it. */
  List<Message> messages(String channel) {
    Set<String> fromServer = new LinkedHashSet<>();
    Set<String> fromClient = new LinkedHashSet<>();
    asyncApi.path("operations").forEach(op -> {
      boolean send = op.path("action").asText().equals("send");
      op.path("messages").forEach(m -> (send ? fromServer : fromClient).add(m.path("$ref").asText()));
      op.path("reply").path("messages").forEach(m -> fromServer.add(m.path("$ref").asText()));
    });
    List<Message> out = new ArrayList<>();
    String channelPointer = "/channels/" + escape(channel);
    asyncApi.at(channelPointer + "/messages").fieldNames().forEachRemaining(key -> {
      String ref = "#" + channelPointer + "/messages/" + escape(key);
      Located message = resolve(asyncApi, channelPointer + "/messages/" + escape(key));
      String payload = message.pointer() + "/payload" + (message.node().path("payload").has("schemaFormat") ? "/schema" : "");
      if (fromServer.contains(ref) == fromClient.contains(ref)) {
        throw new AssertionError(ref + " must be sent by exactly one side (operations)");
      }
      out.add(new Message(channel, key, message.node().path("name").asText(), payload, fromServer.contains(ref)));
    });
    return out;
  }

  /** The one message of the channel, from that side, whose payload schema the message matches. */
  Message match(String channel, boolean fromServer, JsonNode payload) {
    List<Message> matched = new ArrayList<>();
    Map<String, List<Error>> why = new HashMap<>();
    for (Message m : messages(channel)) {
      if (m.fromServer() == fromServer) {
        List<Error> errors = errors(ASYNCAPI, m.payloadPointer(), payload);
        if (errors.isEmpty()) {
          matched.add(m);
        } else {
          why.put(m.key(), errors);
        }
      }
    }
    if (matched.size() != 1) {
      throw new AssertionError("a " + (fromServer ? "server" : "client") + " message on " + channel + " matches "
          + matched.stream().map(Message::key).toList() + " of asyncapi.json's messages (one expected): " + payload
          + (matched.isEmpty() ? "\n  " + why : ""));
    }
    Message m = matched.get(0);
    if (!m.name().equals(payload.path("type").asText())) {
      throw new AssertionError(m.key() + " is named " + m.name() + " but its type is " + payload.path("type"));
    }
    return m;
  }

  /** Checks a message the service sent and records it. */
  Message checkServerMessage(String channel, JsonNode payload) {
    Message m = match(channel, true, payload);
    assertStrict(ASYNCAPI, m.payloadPointer(), payload, channel + " " + m.key());
    checked.add("asyncapi " + channel + " " + m.key());
    return m;
  }

  /** Checks a message the test is about to send: it matches exactly one client message, or (invalid) none. */
  void checkClientMessage(String channel, JsonNode payload, boolean valid) {
    if (valid) {
      checked.add("asyncapi " + channel + " " + match(channel, false, payload).key());
      return;
    }
    for (Message m : messages(channel)) {
      if (!m.fromServer() && errors(ASYNCAPI, m.payloadPointer(), payload).isEmpty()) {
        throw new AssertionError(payload + " is refused by the service but matches " + m.key());
      }
    }
  }

  // ---- coverage -------------------------------------------------------------------------

  /** Every (operation, status, media type, oneOf branch) and every (channel, message) the documents describe. */
  Set<String> documented() {
    Set<String> all = new TreeSet<>();
    openApi.path("paths").fields().forEachRemaining(path -> {
      for (String method : METHODS) {
        JsonNode op = path.getValue().path(method);
        if (op.isMissingNode()) {
          continue;
        }
        String opPointer = operationPointer(method, path.getKey());
        op.path("responses").fieldNames().forEachRemaining(status -> {
          String key = method.toUpperCase(Locale.ROOT) + " " + path.getKey() + " " + status;
          Located response = resolve(openApi, opPointer + "/responses/" + status);
          JsonNode content = response.node().path("content");
          if (content.isMissingNode() || content.isEmpty()) {
            all.add(key);
            return;
          }
          content.fieldNames().forEachRemaining(media -> {
            JsonNode oneOf = resolve(openApi, response.pointer() + "/content/" + escape(media) + "/schema").node().path("oneOf");
            if (oneOf.isArray() && !method.equals("head")) {
              for (int i = 0; i < oneOf.size(); i++) {
                all.add(key + " " + media + " oneOf[" + i + "]");
              }
            } else {
              all.add(key + " " + media);
            }
          });
        });
      }
    });
    asyncApi.path("channels").fieldNames().forEachRemaining(channel -> {
      for (Message m : messages(channel)) {
        all.add("asyncapi " + channel + " " + m.key());
      }
    });
    return all;
  }

  Set<String> checked() {
    return new TreeSet<>(checked);
  }

  // ---- the documents themselves ------------------------------------------------------------

  /** Whatever makes either document wrong as a document; empty when both are sound. */
  List<String> structuralProblems() {
    List<String> problems = new ArrayList<>();
    // the formats' official schemas
    registry.getSchema(SchemaLocation.of(OAS_31_SCHEMA)).validate(openApi)
        .forEach(e -> problems.add("openapi.json against the OpenAPI 3.1 schema: " + e));
    registry.getSchema(SchemaLocation.of(ASYNCAPI_300_SCHEMA)).validate(asyncApi)
        .forEach(e -> problems.add("asyncapi.json against the AsyncAPI 3.0.0 schema: " + e));
    if (!openApi.path("openapi").asText().equals("3.1.0")) {
      problems.add("openapi.json is not OpenAPI 3.1.0");
    }
    // neither official schema checks the Schema Objects: each must be a valid 2020-12 schema
    Schema meta = registry.getSchema(SchemaLocation.of(DRAFT_2020_12));
    schemaRoots((iri, pointer) -> {
      JsonNode node = document(iri).at(pointer);
      meta.validate(node).forEach(e -> problems.add(iri + "#" + pointer + " is not a valid JSON Schema: " + e));
      closure(iri, pointer, node, problems);
    });
    // every reference resolves, within a document or between the two
    references(OPENAPI, openApi, "", problems);
    references(ASYNCAPI, asyncApi, "", problems);
    // operation ids are unique, path parameters declared
    Set<String> ids = new TreeSet<>();
    openApi.path("paths").fields().forEachRemaining(path -> {
      for (String method : METHODS) {
        JsonNode op = path.getValue().path(method);
        if (!op.isMissingNode() && !ids.add(op.path("operationId").asText())) {
          problems.add("operationId " + op.path("operationId") + " is not unique");
        }
      }
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(path.getKey());
      while (m.find()) {
        boolean declared = false;
        for (JsonNode p : path.getValue().path("parameters")) {
          JsonNode param = p.has("$ref") ? openApi.at(p.get("$ref").asText().substring(1)) : p;
          declared |= param.path("in").asText().equals("path") && param.path("name").asText().equals(m.group(1))
              && param.path("required").asBoolean();
        }
        if (!declared) {
          problems.add(path.getKey() + " does not declare its path parameter " + m.group(1));
        }
      }
    });
    // every channel message is used by an operation, in one direction
    asyncApi.path("channels").fieldNames().forEachRemaining(channel -> {
      try {
        messages(channel);
      } catch (AssertionError e) {
        problems.add(e.getMessage());
      }
    });
    return problems;
  }

  /** The roots of every Schema Object in the two documents. */
  void schemaRoots(BiConsumer<String, String> each) {
    openApi.path("components").path("schemas").fieldNames()
        .forEachRemaining(n -> each.accept(OPENAPI, "/components/schemas/" + escape(n)));
    findSchemas(openApi, "", each, OPENAPI);
    findSchemas(asyncApi, "", each, ASYNCAPI);
    asyncApi.path("channels").fields().forEachRemaining(c -> {
      if (c.getValue().path("bindings").path("ws").has("query")) {
        each.accept(ASYNCAPI, "/channels/" + escape(c.getKey()) + "/bindings/ws/query");
      }
    });
  }

  /** Parameter, header and media type schemas (OpenAPI) and multi-format payloads (AsyncAPI), outside components.schemas of OpenAPI. */
  private static void findSchemas(JsonNode node, String pointer, BiConsumer<String, String> each, String iri) {
    if (pointer.equals("/components/schemas") && iri.equals(OPENAPI)) {
      return; // listed by name
    }
    if (node.isObject()) {
      node.fields().forEachRemaining(f -> {
        String child = pointer + "/" + escape(f.getKey());
        boolean schema = f.getKey().equals("schema") && f.getValue().isObject()
            && (iri.equals(OPENAPI) || node.has("schemaFormat"));
        if (schema) {
          each.accept(iri, child);
        } else {
          findSchemas(f.getValue(), child, each, iri);
        }
      });
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        findSchemas(node.get(i), pointer + "/" + i, each, iri);
      }
    }
  }

  /**
   * Every object schema says what it does with fields it does not name (additionalProperties or
   * unevaluatedProperties), except named bases left open to be extended, which only a schema
   * closing them with unevaluatedProperties may use.
   */
  private void closure(String iri, String pointer, JsonNode schema, List<String> problems) {
    if (schema.isBoolean() || (schema.isObject() && schema.isEmpty())) {
      problems.add(iri + "#" + pointer + " accepts anything");
      return;
    }
    if (!schema.isObject()) {
      return;
    }
    boolean named = iri.equals(OPENAPI) && pointer.matches("/components/schemas/[^/]+");
    if (isOpen(schema) && !named) {
      problems.add(iri + "#" + pointer + " does not say whether it allows other fields");
    }
    JsonNode ref = schema.path("$ref");
    if (ref.isTextual() && isOpen(target(iri, ref.asText())) && !schema.has("unevaluatedProperties")) {
      problems.add(iri + "#" + pointer + " uses the open " + ref.asText() + " without closing it");
    }
    schema.fields().forEachRemaining(f -> {
      String child = pointer + "/" + escape(f.getKey());
      switch (f.getKey()) {
        case "properties", "$defs" -> f.getValue().fields().forEachRemaining(
            p -> closure(iri, child + "/" + escape(p.getKey()), p.getValue(), problems));
        case "items", "additionalProperties", "unevaluatedProperties", "not", "if", "then", "else", "propertyNames" -> {
          if (f.getValue().isObject()) {
            closure(iri, child, f.getValue(), problems);
          }
        }
        case "allOf", "anyOf", "oneOf" -> {
          for (int i = 0; i < f.getValue().size(); i++) {
            closure(iri, child + "/" + i, f.getValue().get(i), problems);
          }
        }
        default -> {
        }
      }
    });
  }

  /** An object schema that says nothing of the fields it does not name. */
  private static boolean isOpen(JsonNode schema) {
    JsonNode type = schema.path("type");
    boolean object = type.asText().equals("object") || (type.isArray() && type.toString().contains("\"object\""));
    return object && !schema.has("additionalProperties") && !schema.has("unevaluatedProperties");
  }

  /** What a $ref names, in the same document or the other one. */
  private JsonNode target(String iri, String ref) {
    int hash = ref.indexOf('#');
    JsonNode doc = hash <= 0 ? document(iri) : document(BASE + ref.substring(0, hash));
    return doc == null || hash < 0 ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : doc.at(ref.substring(hash + 1));
  }

  private void references(String iri, JsonNode node, String pointer, List<String> problems) {
    if (node.isObject()) {
      JsonNode ref = node.get("$ref");
      if (ref != null && ref.isTextual()) {
        String target = ref.asText();
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        JsonNode doc = file.isEmpty() ? document(iri) : document(BASE + file);
        if (doc == null || hash < 0 || doc.at(target.substring(hash + 1)).isMissingNode()) {
          problems.add(iri + "#" + pointer + ": $ref " + target + " resolves to nothing");
        }
      }
      node.fields().forEachRemaining(f -> references(iri, f.getValue(), pointer + "/" + escape(f.getKey()), problems));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        references(iri, node.get(i), pointer + "/" + i, problems);
      }
    }
  }
}
