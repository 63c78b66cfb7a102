package io.wshandshake.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Randomized, with fixed seeds so a failure reproduces: valid answers to random offers are accepted with the right
 * indices and parameters, and single-character mutations of valid answers never fail with anything but a
 * {@link HandshakeException} whose message is safe to log.
 */
class RandomizedHandshakeTest {

    private static final String TCHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-.^_`|~";

    @Test
    void validAnswersToRandomOffersAreAccepted() {
        Random random = new Random(6455);
        for (int round = 0; round < 3000; round++) {
            Scenario scenario = Scenario.random(random);
            HandshakeValidator validator = HandshakeValidator.builder().subprotocols(scenario.subprotocols)
                    .extensions(scenario.extensionOffers).subprotocolRequired(random.nextBoolean()).build();
            ClientHandshake handshake = validator.beginClientHandshake();
            Map<String, List<String>> answer = scenario.answer(handshake.key(), random);
            HandshakeResult result = validator.endClientHandshake(handshake, 101, answer);
            assertThat(result.subprotocolIndex()).as("round %d: %s", round, answer)
                    .isEqualTo(scenario.expectedSubprotocolIndex);
            assertThat(result.extensionIndices()).as("round %d: %s", round, answer)
                    .containsExactly(scenario.expectedExtensionIndices());
            assertThat(result.perMessageDeflate().orElse(null)).as("round %d: %s", round, answer)
                    .isEqualTo(scenario.expectedDeflate);
        }
    }

    @Test
    void singleCharacterMutationsNeverEscapeAsAnotherException() {
        Random random = new Random(7692);
        String hostile = "\r\n\u0000\u001b\u007f\u00ff\u2028\"\\,;= \t";
        for (int round = 0; round < 20000; round++) {
            Scenario scenario = Scenario.random(random);
            HandshakeValidator validator = HandshakeValidator.builder().subprotocols(scenario.subprotocols)
                    .extensions(scenario.extensionOffers).build();
            ClientHandshake handshake = validator.beginClientHandshake();
            Map<String, List<String>> answer = mutate(scenario.answer(handshake.key(), random), random, hostile);
            try {
                validator.endClientHandshake(handshake, 101, answer);
            }
            catch (HandshakeException ex) {
                assertThat(ex.getMessage()).as("round %d", round).doesNotContainPattern("[\\x00-\\x1f\\x7f-\\uffff]");
            }
        }
    }

    private static Map<String, List<String>> mutate(Map<String, List<String>> answer, Random random, String hostile) {
        List<String> names = new ArrayList<>(answer.keySet());
        String name = names.get(random.nextInt(names.size()));
        List<String> lines = new ArrayList<>(answer.get(name));
        int lineIndex = random.nextInt(lines.size());
        boolean mutateName = random.nextInt(5) == 0;
        String target = mutateName ? name : lines.get(lineIndex);
        int at = target.isEmpty() ? 0 : random.nextInt(target.length() + 1);
        char c = random.nextBoolean() ? hostile.charAt(random.nextInt(hostile.length()))
                : (char) random.nextInt(0x180);
        String mutated = switch (random.nextInt(3)) {
            case 0 -> target.substring(0, at) + c + target.substring(at);
            case 1 -> (at < target.length()) ? target.substring(0, at) + target.substring(at + 1) : target;
            default -> (at < target.length()) ? target.substring(0, at) + c + target.substring(at + 1) : target + c;
        };
        Map<String, List<String>> result = new LinkedHashMap<>(answer);
        if (mutateName) {
            result.remove(name);
            result.put(mutated, lines);
        }
        else {
            lines.set(lineIndex, mutated);
            result.put(name, lines);
        }
        return result;
    }

    /** Random offers and a random valid answer to them, with the result that answer must give. */
    private static final class Scenario {

        final List<String> subprotocols = new ArrayList<>();

        final List<String> extensionOffers = new ArrayList<>();

        final List<ExtensionElement> offerElements = new ArrayList<>();

        int expectedSubprotocolIndex = -1;

        final List<Integer> expectedExtensionIndices = new ArrayList<>();

        PerMessageDeflateParameters expectedDeflate;

        static Scenario random(Random random) {
            Scenario scenario = new Scenario();
            Set<String> subprotocols = new LinkedHashSet<>();
            for (int i = random.nextInt(6); i > 0; i--) {
                subprotocols.add(token(random));
            }
            scenario.subprotocols.addAll(subprotocols);
            if (random.nextBoolean()) {
                scenario.offer(deflateOffer(random));
            }
            // Each x- extension offer has its own parameter name, so an answer that repeats it matches it alone.
            for (int i = random.nextInt(4); i > 0; i--) {
                String name = "x-" + random.nextInt(3);
                List<ExtensionParameter> params = new ArrayList<>();
                params.add(ExtensionParameter.of("p" + scenario.offerElements.size()));
                if (random.nextBoolean()) {
                    params.add(ExtensionParameter.of("v", token(random)));
                }
                scenario.offer(new ExtensionElement(name, params));
            }
            return scenario;
        }

        private void offer(ExtensionElement element) {
            this.offerElements.add(element);
            this.extensionOffers.add(element.toString());
        }

        int[] expectedExtensionIndices() {
            return this.expectedExtensionIndices.stream().mapToInt(Integer::intValue).toArray();
        }

        Map<String, List<String>> answer(String key, Random random) {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            headers.put(randomCase("Upgrade", random), List.of(randomCase("websocket", random)));
            headers.put(randomCase("Connection", random), List.of(random.nextBoolean() ? "Upgrade" : "keep-alive, upgrade"));
            headers.put(randomCase("Sec-WebSocket-Accept", random), List.of(SecWebSocketAccept.forKey(key)));
            if (!this.subprotocols.isEmpty()) {
                this.expectedSubprotocolIndex = random.nextInt(this.subprotocols.size());
                headers.put(randomCase("Sec-WebSocket-Protocol", random),
                        List.of(ows(random) + this.subprotocols.get(this.expectedSubprotocolIndex) + ows(random)));
            }
            this.expectedExtensionIndices.clear();
            this.expectedDeflate = null;
            List<String> elements = new ArrayList<>();
            Set<String> answeredNames = new LinkedHashSet<>();
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < this.offerElements.size(); i++) {
                order.add(i);
            }
            Collections.shuffle(order, random);
            for (int index : order) {
                ExtensionElement offer = this.offerElements.get(index);
                if (random.nextInt(3) == 0 || !answeredNames.add(offer.name())) {
                    continue;
                }
                if (offer.name().equals(PerMessageDeflateNegotiator.NAME)) {
                    elements.add(deflateAnswer(offer, random));
                }
                else {
                    List<ExtensionParameter> params = new ArrayList<>(offer.parameters());
                    Collections.shuffle(params, random);
                    elements.add(render(offer.name(), params, random));
                }
                this.expectedExtensionIndices.add(index);
            }
            if (!elements.isEmpty()) {
                headers.put(randomCase("Sec-WebSocket-Extensions", random), splitIntoLines(elements, random));
            }
            return headers;
        }

        private String deflateAnswer(ExtensionElement offer, Random random) {
            boolean offeredServerNct = offer.parameter("server_no_context_takeover").isPresent();
            int offeredServerBits = offer.parameter("server_max_window_bits").map(p -> Integer.parseInt(p.value()))
                    .orElse(0);
            ExtensionParameter clientBits = offer.parameter("client_max_window_bits").orElse(null);
            boolean serverNct = offeredServerNct || random.nextBoolean();
            boolean clientNct = random.nextBoolean();
            int serverBits = (offeredServerBits != 0) ? 8 + random.nextInt(offeredServerBits - 7)
                    : random.nextBoolean() ? 8 + random.nextInt(8) : 0;
            int clientBitsAnswer = 0;
            if (clientBits != null && random.nextBoolean()) {
                int max = clientBits.hasValue() ? Integer.parseInt(clientBits.value()) : 15;
                clientBitsAnswer = 8 + random.nextInt(max - 7);
            }
            List<ExtensionParameter> params = new ArrayList<>();
            if (serverNct) {
                params.add(ExtensionParameter.of("server_no_context_takeover"));
            }
            if (clientNct) {
                params.add(ExtensionParameter.of("client_no_context_takeover"));
            }
            if (serverBits != 0) {
                params.add(ExtensionParameter.of("server_max_window_bits", String.valueOf(serverBits)));
            }
            if (clientBitsAnswer != 0) {
                params.add(ExtensionParameter.of("client_max_window_bits", String.valueOf(clientBitsAnswer)));
            }
            Collections.shuffle(params, random);
            // Effective: the client's own offer binds it too (RFC 7692 sections 7.1.1.2 and 7.1.2.2).
            boolean offeredClientNct = offer.parameter("client_no_context_takeover").isPresent();
            int offeredClientBits = (clientBits != null && clientBits.hasValue()) ? Integer.parseInt(clientBits.value())
                    : 15;
            this.expectedDeflate = new PerMessageDeflateParameters(serverNct, clientNct || offeredClientNct,
                    (serverBits != 0) ? serverBits : 15, (clientBitsAnswer != 0) ? clientBitsAnswer : offeredClientBits);
            return render(PerMessageDeflateNegotiator.NAME, params, random);
        }

        private static ExtensionElement deflateOffer(Random random) {
            List<ExtensionParameter> params = new ArrayList<>();
            if (random.nextBoolean()) {
                params.add(ExtensionParameter.of("server_no_context_takeover"));
            }
            if (random.nextBoolean()) {
                params.add(ExtensionParameter.of("client_no_context_takeover"));
            }
            if (random.nextBoolean()) {
                params.add(ExtensionParameter.of("server_max_window_bits", String.valueOf(8 + random.nextInt(8))));
            }
            switch (random.nextInt(3)) {
                case 0 -> params.add(ExtensionParameter.of("client_max_window_bits"));
                case 1 -> params.add(ExtensionParameter.of("client_max_window_bits", String.valueOf(8 + random.nextInt(8))));
                default -> {
                }
            }
            Collections.shuffle(params, random);
            return new ExtensionElement(PerMessageDeflateNegotiator.NAME, params);
        }

        private static String render(String name, List<ExtensionParameter> params, Random random) {
            StringBuilder out = new StringBuilder(name);
            for (ExtensionParameter param : params) {
                out.append(ows(random)).append(';').append(ows(random)).append(param.name());
                if (param.hasValue()) {
                    String value = random.nextBoolean() ? param.value() : "\"" + param.value() + "\"";
                    out.append(ows(random)).append('=').append(ows(random)).append(value);
                }
            }
            return out.toString();
        }

        private static List<String> splitIntoLines(List<String> elements, Random random) {
            List<String> lines = new ArrayList<>();
            StringBuilder line = new StringBuilder();
            for (String element : elements) {
                if (line.length() > 0 && random.nextBoolean()) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                if (line.length() > 0) {
                    line.append(random.nextBoolean() ? ", " : ",").append(random.nextInt(4) == 0 ? " ," : "");
                }
                line.append(element);
            }
            lines.add(line.toString());
            return lines;
        }

        private static String token(Random random) {
            StringBuilder token = new StringBuilder();
            for (int i = 1 + random.nextInt(12); i > 0; i--) {
                token.append(TCHARS.charAt(random.nextInt(TCHARS.length())));
            }
            return token.toString();
        }

        private static String ows(Random random) {
            return switch (random.nextInt(6)) {
                case 0 -> " ";
                case 1 -> "\t";
                case 2 -> "  ";
                default -> "";
            };
        }

        private static String randomCase(String text, Random random) {
            return switch (random.nextInt(3)) {
                case 0 -> text.toLowerCase(Locale.ROOT);
                case 1 -> text.toUpperCase(Locale.ROOT);
                default -> text;
            };
        }
    }
}
