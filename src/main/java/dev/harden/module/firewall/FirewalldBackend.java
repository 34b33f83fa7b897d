package dev.harden.module.firewall;

import dev.harden.HardenException;
import dev.harden.facts.Facts;
import dev.harden.resource.State;
import dev.harden.resource.FileResource;
import dev.harden.resource.Reload;
import dev.harden.resource.Validator;
import dev.harden.template.Templates;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * firewalld (RHEL family, or wherever it is the running firewall): harden writes the default
 * zone, /etc/firewalld/zones/public.xml, which replaces firewalld's built-in public zone. It is
 * checked by firewalld's own zone reader and activated with {@code firewall-cmd --reload}, which
 * keeps established connections. The rendered zone must be well-formed XML before it leaves the
 * controller: a template override that breaks it fails the plan, naming the template, instead
 * of failing firewalld's check on the host.
 */
final class FirewalldBackend {

    static final String ZONE = "public";
    static final String PATH = "/etc/firewalld/zones/" + ZONE + ".xml";
    static final String TEMPLATE = "firewalld_zone.ftl";

    private FirewalldBackend() {
    }

    static FileResource file(FirewallPolicy policy, List<AllowedRule> rules, Templates templates) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (AllowedRule allowed : rules) {
            FirewallRule rule = allowed.rule();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("comment", rule.comment()); // RuleParser admits only what an XML comment can hold
            row.put("anywhere", rule.fromAnywhere());
            row.put("proto", rule.proto());
            row.put("port", rule.port().dashed());
            row.put("family", rule.fromAnywhere() || !rule.from().get().ipv6() ? "ipv4" : "ipv6");
            row.put("source", rule.fromAnywhere() ? "" : rule.from().get().toString());
            rows.add(row);
        }
        Map<String, Object> zone = Map.of("name", ZONE, "target", target(policy.defaultIncoming()),
                "incoming", policy.defaultIncoming().equals("deny") ? "dropped" : policy.defaultIncoming() + "ed",
                "rules", rows);
        byte[] content = templates.render(TEMPLATE, Map.of("zone", zone)).getBytes(StandardCharsets.UTF_8);
        try {
            parse(content);
        } catch (SAXParseException e) {
            throw new HardenException(templates.origin(TEMPLATE) + " rendered a zone file that is not well-formed XML"
                    + " (line " + e.getLineNumber() + " of the zone file: " + e.getMessage() + "); fix the template");
        } catch (SAXException | IOException e) {
            throw new HardenException(templates.origin(TEMPLATE) + " rendered a zone file that is not well-formed XML ("
                    + e.getMessage() + "); fix the template");
        }
        return new FileResource("firewall", PATH, content, 0644, "root", "root",
                Optional.of(Validator.of("@firewalld-zone", "{}")), List.of(Reload.activator("firewalld")), false, true);
    }

    static RuleView view(Facts facts) {
        return facts.file(PATH) instanceof State.File p ? view(p.content()) : builtIn();
    }

    /** firewalld's own public zone, which applies while /etc has none: ssh and dhcpv6-client, reject. */
    static RuleView builtIn() {
        return new RuleView(true, "reject", "allow", List.of("allow service ssh (firewalld's built-in zone)",
                "allow service dhcpv6-client (firewalld's built-in zone)"));
    }

    /** The zone's root element; no DTDs, no entity expansion, nothing printed on errors. */
    private static Element parse(byte[] xml) throws SAXException, IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setExpandEntityReferences(false);
            var builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            return builder.parse(new ByteArrayInputStream(xml)).getDocumentElement();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser lacks a standard feature", e);
        }
    }

    static RuleView view(byte[] xml) {
        Element zone;
        try {
            zone = parse(xml);
        } catch (SAXException | IOException e) {
            return new RuleView(true, "unknown", "allow", List.of("(unreadable zone file: " + e.getMessage() + ")"));
        }
        List<String> rules = new ArrayList<>();
        String comment = "";
        for (Node node = zone.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node.getNodeType() == Node.COMMENT_NODE) {
                comment = "  # " + node.getNodeValue().strip();
                continue;
            }
            if (!(node instanceof Element element)) {
                continue;
            }
            switch (element.getTagName()) {
                case "short", "description" -> { }
                case "port" -> rules.add("allow " + port(element) + " from anywhere" + comment);
                case "service" -> rules.add("allow service " + element.getAttribute("name") + comment);
                case "source" -> rules.add("zone source " + element.getAttribute("address") + comment);
                case "forward" -> rules.add("forwarding between this zone's interfaces" + comment);
                case "rule" -> rules.add(richRule(element) + comment);
                default -> rules.add(element.getTagName() + comment);
            }
            comment = "";
        }
        return new RuleView(true, incoming(zone.getAttribute("target")), "allow", rules);
    }

    private static String richRule(Element rule) {
        String from = "anywhere";
        String what = "everything";
        String action = "allow";
        for (Node node = rule.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element e) {
                switch (e.getTagName()) {
                    case "source" -> from = e.getAttribute("address");
                    case "port" -> what = port(e);
                    case "service" -> what = "service " + e.getAttribute("name");
                    case "accept" -> action = e.getElementsByTagName("limit").getLength() > 0 ? "limit" : "allow";
                    case "drop", "reject" -> action = e.getTagName();
                    default -> { }
                }
            }
        }
        return action + " " + what + " from " + from;
    }

    private static String port(Element e) {
        return e.getAttribute("port").replace('-', ':') + "/" + e.getAttribute("protocol");
    }

    private static String target(String incoming) {
        return switch (incoming) {
            case "allow" -> "ACCEPT";
            case "reject" -> "%%REJECT%%";
            default -> "DROP";
        };
    }

    private static String incoming(String target) {
        return switch (target) {
            case "ACCEPT" -> "allow";
            case "DROP" -> "deny";
            default -> "reject";
        };
    }
}
