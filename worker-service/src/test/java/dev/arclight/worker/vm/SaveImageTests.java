package dev.arclight.worker.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The save image's header and XML area, on images laid out as libvirt 9.0 writes them. */
class SaveImageTests {

    private static final String TEMPLATE_XML = """
            <domain type='qemu'>
              <name>arclight-w-template-abc</name>
              <uuid>ef46670f-2989-4c50-98f8-e04d910cc461</uuid>
              <genid>e4bcb8e7-ff2b-4d2e-b758-35425e647b7e</genid>
              <metadata>
                <arclight:vm xmlns:arclight="https://arclight.dev/xmlns/vm/1">
                  <arclight:worker>w</arclight:worker>
                  <arclight:id>template-abc</arclight:id>
                  <arclight:created-at>2026-12-01T00:00:00Z</arclight:created-at>
                </arclight:vm>
              </metadata>
              <devices>
                <serial type='file'><source path='/v/arclight-w-template-abc/console.log'/></serial>
                <channel type='unix'><source mode='bind' path='/v/arclight-w-template-abc/agent.sock'/></channel>
              </devices>
            </domain>
            """;
    private static final String COOKIE = "<cookie><cpu mode='custom'/></cookie>";
    private static final byte[] STREAM = "QEVM-the-migration-stream".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path tmp;

    @Test
    void aCloneGetsItsOwnXmlWhileTheCookieAndTheStreamStayAsTheyWere() throws Exception {
        var template = image(TEMPLATE_XML);
        var clone = tmp.resolve("clone.save");
        var files = new VmFiles(Path.of("/v/arclight-w-clone-1"));
        var metadata = new VmMetadata(
                "w", "clone-1", Optional.empty(), Instant.parse("2026-12-02T00:00:00Z"), StartMethod.RESTORE);

        SaveImage.copyWithXml(template, clone, xml -> CloneXml.of(xml, "arclight-w-clone-1", files, metadata));

        var xml = SaveImage.xml(clone);
        assertThat(xml)
                .contains(
                        "<name>arclight-w-clone-1</name>",
                        "<genid/>",
                        "/v/arclight-w-clone-1/agent.sock",
                        "/v/arclight-w-clone-1/console.log")
                .doesNotContain("template-abc", "ef46670f-2989-4c50-98f8-e04d910cc461");
        assertThat(DomainXml.readMetadata(xml)).hasValueSatisfying(m -> {
            assertThat(m.vmId()).isEqualTo("clone-1");
            assertThat(m.startedBy()).isEqualTo(StartMethod.RESTORE);
        });
        var bytes = Files.readAllBytes(clone);
        var header = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
        int dataLength = header.getInt(20);
        int cookieOffset = header.getInt(32);
        assertThat(dataLength)
                .isEqualTo(ByteBuffer.wrap(Files.readAllBytes(template))
                        .order(ByteOrder.nativeOrder())
                        .getInt(20));
        assertThat(new String(bytes, 92 + cookieOffset, COOKIE.length(), StandardCharsets.UTF_8))
                .isEqualTo(COOKIE);
        assertThat(Arrays.copyOfRange(bytes, 92 + dataLength, bytes.length)).isEqualTo(STREAM);
        assertThat(Files.readAllBytes(template)).isEqualTo(Files.readAllBytes(image(TEMPLATE_XML)));
    }

    @Test
    void aCloneGetsTheWorkersTcgCacheWhateverItsTemplateHad() {
        var files = new VmFiles(Path.of("/v/arclight-w-clone-1"));
        var metadata = new VmMetadata(
                "w", "clone-1", Optional.empty(), Instant.parse("2026-12-02T00:00:00Z"), StartMethod.RESTORE);
        var withFeatures = TEMPLATE_XML.replace("<devices>", "<features><acpi/></features>\n  <devices>");
        var capped = withFeatures.replace("<acpi/>", "<acpi/><tcg><tb-cache unit='KiB'>1048576</tb-cache></tcg>");

        assertThat(CloneXml.of(withFeatures, "arclight-w-clone-1", files, metadata, new TcgProperties(64)))
                .contains("<features><acpi/><tcg><tb-cache unit='MiB'>64</tb-cache></tcg></features>");
        assertThat(CloneXml.of(capped, "arclight-w-clone-1", files, metadata, new TcgProperties(32)))
                .contains("<tcg><tb-cache unit='MiB'>32</tb-cache></tcg>")
                .doesNotContain("1048576");
        assertThat(CloneXml.of(capped, "arclight-w-clone-1", files, metadata, TcgProperties.qemuDefault()))
                .doesNotContain("<tcg>");
        var kvm = withFeatures.replace("<domain type='qemu'>", "<domain type='kvm'>");
        assertThat(CloneXml.of(kvm, "arclight-w-clone-1", files, metadata, new TcgProperties(64)))
                .doesNotContain("<tcg>");
    }

    @Test
    void aFileThatIsNotASaveImageIsRefused() throws Exception {
        var junk = tmp.resolve("junk.save");
        Files.write(junk, new byte[200]);

        assertThatThrownBy(() -> SaveImage.copyWithXml(junk, tmp.resolve("c.save"), x -> x))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("not a complete libvirt save image");
    }

    @Test
    void anXmlTooLargeForTheDataAreaIsRefused() throws Exception {
        var template = image(TEMPLATE_XML);

        assertThatThrownBy(() -> SaveImage.copyWithXml(template, tmp.resolve("c.save"), x -> x + "x".repeat(70_000)))
                .hasMessageContaining("does not fit");
    }

    /** An image as libvirt writes it: header, XML, cookie, 64 KiB of zeros, then the stream. */
    private Path image(String xml) throws Exception {
        var xmlBytes = xml.getBytes(StandardCharsets.UTF_8);
        var cookie = COOKIE.getBytes(StandardCharsets.UTF_8);
        int dataLength = xmlBytes.length + 1 + cookie.length + 1 + 64 * 1024;
        var buffer = ByteBuffer.allocate(92 + dataLength + STREAM.length).order(ByteOrder.nativeOrder());
        buffer.put("LibvirtQemudSave".getBytes(StandardCharsets.US_ASCII));
        buffer.putInt(2).putInt(dataLength).putInt(1).putInt(0).putInt(xmlBytes.length + 1);
        buffer.position(92);
        buffer.put(xmlBytes).put((byte) 0).put(cookie).put((byte) 0);
        buffer.position(92 + dataLength);
        buffer.put(STREAM);
        var file = Files.createTempFile(tmp, "template", ".save");
        Files.write(file, buffer.array());
        return file;
    }
}
