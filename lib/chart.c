/* chart.c - charts drawn by wl itself: horizontal bars as SVG */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wl.h"
#include "internal.h"

/*
 * Fixed sizes, so that the same counts give the same bytes, and a
 * layout that needs no colour: dark grey bars on white, each labelled
 * on its left and its count written on its right, so that the chart
 * reads the same printed in grey or rasterised by a word processor.
 */
enum {
	CHART_W = 640,		/* the whole picture */
	LABEL_W = 260,		/* the labels' column, right aligned */
	BAR_X = LABEL_W + 10,
	BAR_MAX = CHART_W - BAR_X - 50,	/* room for the count */
	ROW_H = 28,
	BAR_H = 18,
	TOP = 40		/* below the title */
};

/* s with & < > " ' as XML entities, and C0 controls (not allowed in
 * XML 1.0) as spaces. */
static void
xml(FILE *fp, const char *s)
{
	for (; s != NULL && *s != '\0'; s++)
		switch (*s) {
		case '&': fputs("&amp;", fp); break;
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '"': fputs("&quot;", fp); break;
		case '\'': fputs("&apos;", fp); break;
		default:
			fputc((unsigned char)*s < 0x20 ? ' ' : *s, fp);
		}
}

char *
wl_chart_svg(const char *title, const char *const *labels,
    const size_t *counts, size_t n)
{
	size_t max = 0, i, len = 0;
	char *buf = NULL;
	FILE *fp;
	int h = TOP + ROW_H * (int)n + 12, bad;

	for (i = 0; i < n; i++)
		if (counts[i] > max)
			max = counts[i];
	if ((fp = open_memstream(&buf, &len)) == NULL)
		return NULL;
	fprintf(fp, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" "
	    "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
	    "font-family=\"DejaVu Sans, Arial, sans-serif\" "
	    "font-size=\"13\">\n", CHART_W, h, CHART_W, h);
	fputs("<title>", fp);
	xml(fp, title);
	fputs("</title>\n", fp);
	fprintf(fp, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" "
	    "fill=\"#ffffff\"/>\n", CHART_W, h);
	fputs("<text x=\"10\" y=\"24\" font-size=\"15\" "
	    "font-weight=\"bold\" fill=\"#000000\">", fp);
	xml(fp, title);
	fputs("</text>\n", fp);
	for (i = 0; i < n; i++) {
		int y = TOP + ROW_H * (int)i;
		/* A count above zero gets at least a sliver of a bar. */
		int w = max == 0 ? 0 : (int)(counts[i] * BAR_MAX / max);

		if (counts[i] > 0 && w < 2)
			w = 2;
		fprintf(fp, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" "
		    "fill=\"#000000\">", LABEL_W, y + 14);
		xml(fp, labels[i]);
		fputs("</text>\n", fp);
		fprintf(fp, "<rect x=\"%d\" y=\"%d\" width=\"%d\" "
		    "height=\"%d\" fill=\"#4d4d4d\" stroke=\"#000000\" "
		    "stroke-width=\"%d\"/>\n", BAR_X, y + 1, w, BAR_H,
		    w > 0);
		fprintf(fp, "<text x=\"%d\" y=\"%d\" fill=\"#000000\">%zu"
		    "</text>\n", BAR_X + w + 6, y + 14, counts[i]);
	}
	fprintf(fp, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
	    "stroke=\"#000000\" stroke-width=\"1\"/>\n", BAR_X, TOP - 4,
	    BAR_X, TOP + ROW_H * (int)n);
	fputs("</svg>\n", fp);
	/* The stream is in memory: it fails only for want of memory. */
	bad = ferror(fp);
	if (fclose(fp) != 0 || bad) {
		free(buf);
		return NULL;
	}
	return buf;
}
