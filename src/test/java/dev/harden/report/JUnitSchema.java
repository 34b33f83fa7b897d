package dev.harden.report;

import java.io.StringReader;
import java.net.URL;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;

/** The JUnit XML schema of the tests (src/test/resources/dev/harden/report/junit.xsd; its header says what it follows). */
public final class JUnitSchema {

    private JUnitSchema() {
    }

    /** Throws a SAXException naming the line and what is wrong when {@code xml} is not JUnit XML. */
    public static void validate(String xml) throws Exception {
        URL xsd = JUnitSchema.class.getResource("junit.xsd");
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        Validator validator = factory.newSchema(xsd).newValidator();
        validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        validator.validate(new StreamSource(new StringReader(xml)));
    }
}
