package dev.arclight.simulator;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Cold-start percentage against wasted memory-time, one point per reported policy and two curves of
 * fixed keep-alive windows (grey: idle memory in full; light grey, dashed: with reclaim), as a PNG drawn with java.awt (headless). Log scale on the cold-start
 * axis: the policies differ by factors, not by points.
 */
final class FrontierPlot {

    private static final int WIDTH = 900;
    private static final int HEIGHT = 600;
    private static final int LEFT = 90;
    private static final int RIGHT = 40;
    private static final int TOP = 50;
    private static final int BOTTOM = 70;
    private static final Color[] COLORS = {
        new Color(0xd62728),
        new Color(0x1f77b4),
        new Color(0x2ca02c),
        new Color(0x9467bd),
        new Color(0xff7f0e),
        new Color(0x8c564b)
    };

    private FrontierPlot() {}

    static void write(
            Path file,
            String title,
            List<PolicyResult> points,
            List<PolicyResult> curve,
            List<PolicyResult> reclaimCurve)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        var image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);

        double maxWaste = 0;
        double minCold = Double.MAX_VALUE;
        double maxCold = 0;
        for (var list : List.of(points, curve, reclaimCurve)) {
            for (PolicyResult r : list) {
                maxWaste = Math.max(maxWaste, r.wastedMemoryTime());
                if (r.coldStartPercent() > 0) {
                    minCold = Math.min(minCold, r.coldStartPercent());
                    maxCold = Math.max(maxCold, r.coldStartPercent());
                }
            }
        }
        double xMax = maxWaste * 1.08 / 1e6;
        double yLow = Math.floor(Math.log10(minCold));
        double yHigh = Math.ceil(Math.log10(maxCold));
        if (yHigh <= yLow) {
            yHigh = yLow + 1;
        }
        var axes = new Axes(xMax, yLow, yHigh);

        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, LEFT, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawRect(LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM);
        for (int i = 0; i <= 5; i++) {
            double x = xMax * i / 5;
            int px = axes.x(x * 1e6);
            g.setColor(new Color(0xeeeeee));
            g.drawLine(px, TOP + 1, px, HEIGHT - BOTTOM - 1);
            g.setColor(Color.BLACK);
            g.drawString(String.format(Locale.ROOT, "%.1f", x), px - 10, HEIGHT - BOTTOM + 18);
        }
        for (double e = yLow; e <= yHigh; e++) {
            int py = axes.y(Math.pow(10, e));
            g.setColor(new Color(0xeeeeee));
            g.drawLine(LEFT + 1, py, WIDTH - RIGHT - 1, py);
            g.setColor(Color.BLACK);
            g.drawString(String.format(Locale.ROOT, "%s%%", trim(Math.pow(10, e))), 20, py + 4);
        }
        g.drawString("wasted memory-time (million MB x minutes)", WIDTH / 2 - 130, HEIGHT - 25);
        g.drawString("cold starts (% of invocations, log)", 10, TOP - 8);

        drawCurve(
                g,
                axes,
                reclaimCurve,
                new Color(0xbbbbbb),
                new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1, new float[] {6, 4}, 0));
        drawCurve(g, axes, curve, Color.GRAY, new BasicStroke(1.5f));
        g.setStroke(new BasicStroke(1));
        int legend = TOP + 20;
        for (int i = 0; i < points.size(); i++) {
            PolicyResult r = points.get(i);
            if (r.coldStartPercent() <= 0) {
                continue;
            }
            g.setColor(COLORS[i % COLORS.length]);
            int px = axes.x(r.wastedMemoryTime());
            int py = axes.y(r.coldStartPercent());
            g.fillRect(px - 6, py - 6, 12, 12);
            g.fillRect(WIDTH - RIGHT - 190, legend - 10, 12, 12);
            g.setColor(Color.BLACK);
            g.drawString(
                    String.format(Locale.ROOT, "%s (%.3f%%)", r.name(), r.coldStartPercent()),
                    WIDTH - RIGHT - 170,
                    legend);
            legend += 20;
        }
        g.setColor(Color.GRAY);
        g.drawString("grey: fixed keep-alive, minutes", WIDTH - RIGHT - 190, legend);
        g.drawString("dashed: the same with reclaim", WIDTH - RIGHT - 190, legend + 16);
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    private static void drawCurve(Graphics2D g, Axes axes, List<PolicyResult> curve, Color color, BasicStroke stroke) {
        g.setColor(color);
        g.setStroke(stroke);
        PolicyResult previous = null;
        for (PolicyResult r : curve) {
            if (previous != null) {
                g.drawLine(
                        axes.x(previous.wastedMemoryTime()), axes.y(previous.coldStartPercent()),
                        axes.x(r.wastedMemoryTime()), axes.y(r.coldStartPercent()));
            }
            g.fillOval(axes.x(r.wastedMemoryTime()) - 3, axes.y(r.coldStartPercent()) - 3, 6, 6);
            g.drawString(
                    r.name().replace("fixed-", "").replace("+reclaim", ""),
                    axes.x(r.wastedMemoryTime()) + 4,
                    axes.y(r.coldStartPercent()) - 6);
            previous = r;
        }
    }

    private static String trim(double value) {
        return value >= 1 ? String.valueOf((long) value) : String.valueOf(value);
    }

    private record Axes(double xMaxMillions, double yLow, double yHigh) {
        int x(double waste) {
            return LEFT + (int) Math.round((WIDTH - LEFT - RIGHT) * waste / 1e6 / xMaxMillions);
        }

        int y(double coldPercent) {
            double e = Math.log10(Math.max(coldPercent, Math.pow(10, yLow)));
            return HEIGHT - BOTTOM - (int) Math.round((HEIGHT - TOP - BOTTOM) * (e - yLow) / (yHigh - yLow));
        }
    }
}
