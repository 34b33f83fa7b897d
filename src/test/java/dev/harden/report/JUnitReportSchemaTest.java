package dev.harden.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The JUnit report is accepted by a JUnit XML schema (src/test/resources/dev/harden/report/junit.xsd,
 * see its header for what it follows) and says what CI systems count: per host a suite, per module
 * a case, drift and warnings as failures, an unreachable host as an error, counts that add up.
 * Host data stays data: well-formed XML whatever a host said.
 */
class JUnitReportSchemaTest {

    private final String xml = JUnitReport.render(Reports.report());

    private static void validate(String xml) throws Exception {
        JUnitSchema.validate(xml);
    }

    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theSchemaAcceptsTheReport() throws Exception {
        validate(xml);
    }

    @Test
    void theSchemaIsStrictEnoughToMean() {
        assertThrows(SAXException.class, () -> validate(xml.replace("<testsuite name=\"db1\" tests=\"1\" ", "<testsuite name=\"db1\" ")),
                "a suite without its count of tests");
        assertThrows(SAXException.class, () -> validate(xml.replace("<testcase name=\"sudo\"", "<testcase nam=\"sudo\"")),
                "a case without a name");
        assertThrows(SAXException.class, () -> validate(xml.replaceFirst("timestamp=\"[^\"]*\"", "timestamp=\"today\"")));
        assertThrows(SAXException.class, () -> validate(xml.replace("</properties>", "</properties><bogus/>")));
    }

    @Test
    void oneSuitePerHostOneCasePerModuleAndCountsThatAddUp() throws Exception {
        Document doc = parse(xml);
        Element root = doc.getDocumentElement();
        assertEquals("testsuites", root.getTagName());
        NodeList suites = root.getElementsByTagName("testsuite");
        assertEquals(List.of("db1", "web1", "web2"), names(suites));
        int tests = 0;
        int failures = 0;
        int errors = 0;
        for (int i = 0; i < suites.getLength(); i++) {
            Element suite = (Element) suites.item(i);
            NodeList cases = suite.getElementsByTagName("testcase");
            assertEquals(cases.getLength(), Integer.parseInt(suite.getAttribute("tests")), suite.getAttribute("name"));
            assertEquals(suite.getElementsByTagName("failure").getLength(), Integer.parseInt(suite.getAttribute("failures")));
            assertEquals(suite.getElementsByTagName("error").getLength(), Integer.parseInt(suite.getAttribute("errors")));
            tests += cases.getLength();
            failures += suite.getElementsByTagName("failure").getLength();
            errors += suite.getElementsByTagName("error").getLength();
        }
        assertEquals(tests, Integer.parseInt(root.getAttribute("tests")));
        assertEquals(failures, Integer.parseInt(root.getAttribute("failures")));
        assertEquals(errors, Integer.parseInt(root.getAttribute("errors")));
        assertEquals(Reports.report().modules(), names(((Element) suites.item(1)).getElementsByTagName("testcase")),
                "web1 has every module of the report");
        assertEquals("2026-11-22T07:00:01", ((Element) suites.item(0)).getAttribute("timestamp"));
        NodeList properties = ((Element) suites.item(1)).getElementsByTagName("property");
        List<String> exceptions = new java.util.ArrayList<>();
        for (int i = 0; i < properties.getLength(); i++) {
            Element property = (Element) properties.item(i);
            if (property.getAttribute("name").equals("exception")) {
                exceptions.add(property.getAttribute("value"));
            }
        }
        assertEquals(1, exceptions.size(), "web1's exception in force is a property of its suite");
        assertTrue(exceptions.get(0).startsWith("inc-4711 until 2026-11-22T08:00:01.500Z (1h 0m left; alice@laptop"),
                exceptions.get(0));
    }

    @Test
    void driftAndWarningsAreFailuresAnUnreachableHostAnError() throws Exception {
        Document doc = parse(xml);
        Element web1 = (Element) doc.getElementsByTagName("testsuite").item(1);
        Element sshd = testcase(web1, "sshd");
        Element drift = (Element) sshd.getElementsByTagName("failure").item(0);
        assertEquals("drift", drift.getAttribute("type"));
        assertEquals("1 resource(s) differ from the desired state", drift.getAttribute("message"));
        assertTrue(drift.getTextContent().contains("differs: update /etc/ssh/sshd_config (content)"), drift.getTextContent());
        Element warning = (Element) testcase(web1, "firewall").getElementsByTagName("failure").item(0);
        assertEquals("warning", warning.getAttribute("type"));
        assertTrue(warning.getAttribute("message").startsWith("warning: listener on 0.0.0.0:6379 <script>"),
                warning.getAttribute("message"));
        assertEquals(0, testcase(web1, "sudo").getChildNodes().getLength(), "a compliant module passes");
        Element upgrades = testcase(web1, "upgrades");
        assertEquals(0, upgrades.getElementsByTagName("failure").getLength(), "information does not fail");
        assertEquals("info: next reboot window Tue 03:30\n", upgrades.getElementsByTagName("system-out").item(0)
                .getTextContent());
        Element db1 = (Element) doc.getElementsByTagName("testsuite").item(0);
        Element error = (Element) db1.getElementsByTagName("error").item(0);
        assertTrue(error.getAttribute("message").startsWith("db1: connection refused <script>"), error.getAttribute("message"));
    }

    @Test
    void hostDataIsShownNotObeyed() throws Exception {
        assertFalse(xml.contains("<script>"), "markup is escaped");
        assertFalse(xml.contains("\u001b") || xml.contains("\u202e") || xml.contains("\ud800"), "no raw control,"
                + " override or lone surrogate (XML 1.0 cannot even carry the first)");
        String message = ((Element) parse(xml).getElementsByTagName("error").item(0)).getAttribute("message");
        assertEquals("db1: connection refused <script>alert(1)</script> ]]> & \"quoted\" 'single' \\x1b[2J \\u202eevil"
                + " \ufffd", message);
    }

    private static Element testcase(Element suite, String name) {
        NodeList cases = suite.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            if (((Element) cases.item(i)).getAttribute("name").equals(name)) {
                return (Element) cases.item(i);
            }
        }
        throw new AssertionError("no test case " + name);
    }

    private static List<String> names(NodeList elements) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < elements.getLength(); i++) {
            names.add(((Element) elements.item(i)).getAttribute("name"));
        }
        return names;
    }
}
