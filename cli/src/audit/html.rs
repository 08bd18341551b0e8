//! `report.html`: one self-contained page (no network, no external script, style or font):
//! the block the report was taken at, a summary, bar charts of anchors and reads over the
//! scanned blocks (inline SVG), and the tables. A SMeR that fails its anchor is a row of class
//! `failed`; an unreviewed emergency access a row of class `unreviewed`.

use std::fmt::Write;

use super::Report;

/// Text safe inside HTML elements and attribute values.
fn esc(s: &str) -> String {
	let mut out = String::with_capacity(s.len());
	for c in s.chars() {
		match c {
			'&' => out.push_str("&amp;"),
			'<' => out.push_str("&lt;"),
			'>' => out.push_str("&gt;"),
			'"' => out.push_str("&quot;"),
			'\'' => out.push_str("&#39;"),
			c => out.push(c),
		}
	}
	out
}

/// Short form of a long hex id or account for table cells (the full value in `title`).
fn short(s: &str) -> String {
	let shown = if s.len() > 20 && s.is_ascii() {
		format!("{}…{}", &s[..10], &s[s.len() - 6..])
	} else {
		s.to_string()
	};
	format!("<span title=\"{}\">{}</span>", esc(s), esc(&shown))
}

fn opt<T: ToString>(v: &Option<T>) -> String {
	v.as_ref()
		.map(|v| esc(&v.to_string()))
		.unwrap_or_else(|| "—".into())
}

const BUCKETS: u32 = 40;

/// A bar chart of how many of `blocks` fall in each of up to 40 equal block ranges of
/// `from..=to`.
fn chart(id: &str, title: &str, blocks: &[u32], from: u32, to: u32) -> String {
	let span = to.saturating_sub(from) + 1;
	let per = span.div_ceil(BUCKETS).max(1);
	let n = span.div_ceil(per);
	let mut counts = vec![0u32; n as usize];
	for b in blocks {
		if let Some(c) = counts.get_mut((b.saturating_sub(from) / per) as usize) {
			*c += 1;
		}
	}
	let max = counts.iter().copied().max().unwrap_or(0).max(1);
	let (w, h, pad) = (640.0, 160.0, 24.0);
	let bw = (w - 2.0 * pad) / n as f64;
	let mut svg = format!(
		"<figure><figcaption>{}</figcaption><svg id=\"{id}\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" aria-label=\"{}\">",
		esc(title),
		esc(title)
	);
	for (i, c) in counts.iter().enumerate() {
		let bh = (h - 2.0 * pad) * *c as f64 / max as f64;
		let lo = from + i as u32 * per;
		let hi = (lo + per - 1).min(to);
		let _ = write!(
			svg,
			"<rect class=\"bar\" x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{bh:.1}\" data-count=\"{c}\"><title>blocks #{lo}–#{hi}: {c}</title></rect>",
			pad + i as f64 * bw + 1.0,
			h - pad - bh,
			(bw - 2.0).max(1.0),
		);
	}
	let _ = write!(
		svg,
		"<line x1=\"{pad}\" y1=\"{0}\" x2=\"{1}\" y2=\"{0}\" class=\"axis\"/><text x=\"{pad}\" y=\"{2}\">#{from}</text><text x=\"{1}\" y=\"{2}\" text-anchor=\"end\">#{to}</text><text x=\"{pad}\" y=\"14\">max {max}</text></svg></figure>",
		h - pad,
		w - pad,
		h - 6.0
	);
	svg
}

fn table(id: &str, head: &[&str], rows: Vec<(String, Vec<String>)>) -> String {
	let mut t = format!("<table id=\"{id}\"><thead><tr>");
	for h in head {
		let _ = write!(t, "<th>{}</th>", esc(h));
	}
	t.push_str("</tr></thead><tbody>");
	if rows.is_empty() {
		let _ = write!(t, "<tr><td colspan=\"{}\">none</td></tr>", head.len());
	}
	for (class, cells) in rows {
		let _ = write!(t, "<tr class=\"{class}\">");
		for c in cells {
			let _ = write!(t, "<td>{c}</td>");
		}
		t.push_str("</tr>");
	}
	t.push_str("</tbody></table>");
	t
}

pub fn render(r: &Report) -> String {
	let s = &r.summary;
	let anchors: Vec<u32> = r.versions.iter().map(|v| v.version.block).collect();
	let reads: Vec<u32> = r.reads.iter().map(|v| v.block).collect();
	let versions = r
		.versions
		.iter()
		.map(|v| {
			let x = &v.version;
			(
				if v.ok { "ok" } else { "failed" }.to_string(),
				vec![
					short(&x.record),
					x.version.to_string(),
					format!("#{}", x.block),
					short(&x.owner),
					short(&x.author),
					esc(&x.class),
					esc(&x.level),
					short(&v.cid),
					short(&x.smer_hash),
					format!("<b>{}</b>", esc(&v.check)),
				],
			)
		})
		.collect();
	let read_rows = r
		.reads
		.iter()
		.map(|x| {
			(
				if x.flags.is_empty() { "read" } else { "failed" }.to_string(),
				vec![
					format!("#{}", x.block),
					x.request.to_string(),
					short(&x.record),
					x.version.to_string(),
					short(&x.reader),
					esc(&x.basis),
					esc(&format!("{:?}", x.released)),
					esc(&x.denied.join(", ")),
					format!("<b>{}</b>", esc(&x.flags.join("; "))),
				],
			)
		})
		.collect();
	let emergency_rows = r
		.emergencies
		.iter()
		.map(|e| {
			(
				if e.reviewed_at.is_some() {
					"reviewed"
				} else {
					"unreviewed"
				}
				.to_string(),
				vec![
					e.id.to_string(),
					short(&e.responder),
					short(&e.patient),
					format!("#{}", e.opened_at),
					opt(&e.activated_at),
					opt(&e.closed_at),
					opt(&e.reviewed_at),
				],
			)
		})
		.collect();
	let service_rows = r
		.services
		.iter()
		.map(|x| {
			(
				"service".to_string(),
				vec![
					x.id.to_string(),
					short(&x.patient),
					short(&x.provider),
					x.insurer
						.as_deref()
						.map(short)
						.unwrap_or_else(|| "—".into()),
					esc(&x.price),
					format!("#{}", x.booked_at),
					esc(&x.status),
					x.record.as_deref().map(short).unwrap_or_else(|| "—".into()),
					opt(&x.paid),
				],
			)
		})
		.collect();
	let scope = r
		.owner
		.as_deref()
		.map(|o| format!("owner {}", esc(o)))
		.unwrap_or_else(|| "all owners".into());
	format!(
		r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>SEMRES audit at block #{at}</title>
<style>
body {{ font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #222; }}
h1 {{ font-size: 1.4em; }} h2 {{ font-size: 1.1em; margin-top: 2em; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border-bottom: 1px solid #ddd; padding: 3px 6px; text-align: left; font-variant-numeric: tabular-nums; }}
tr.failed td {{ background: #fdd; }} tr.unreviewed td {{ background: #ffe9b3; }}
.bar {{ fill: #3a6ea5; }} .axis {{ stroke: #888; }} svg text {{ font-size: 11px; fill: #555; }}
figure {{ display: inline-block; margin: 0 2em 1em 0; }} figcaption {{ font-weight: 600; }}
.summary span {{ margin-right: 1.5em; }} .bad {{ color: #b00; font-weight: 700; }}
</style></head>
<body data-rendered="no">
<h1>SEMRES audit — {scope}</h1>
<p>Taken at block <b>#{at}</b> (<code>{hash}</code>) of chain <code>{genesis}</code>, blocks #{from}–#{at}, generated at unix time {generated}.</p>
<p class="summary"><span>records {records}</span><span>versions {nversions}</span><span class="{failed_class}">SMeRs failing their anchor <b id="failed-count">{failed}</b></span><span>reads {nreads}</span><span>unreviewed emergencies {unreviewed}</span><span>services {nservices}</span></p>
{chart_anchors}{chart_reads}
<h2>Anchored versions: each SMeR fetched by CID and hashed against its anchor</h2>
{t_versions}
<h2>Key requests (reads)</h2>
{t_reads}
<h2>Emergency accesses</h2>
{t_emergencies}
<h2>Telemedicine services and payments</h2>
{t_services}
<script>
// Counted again in the browser: the table's failed rows must agree with the summary.
document.getElementById('failed-count').dataset.rows = document.querySelectorAll('#versions tr.failed').length;
document.body.dataset.rendered = 'yes';
</script>
</body></html>
"#,
		at = r.at_block,
		hash = esc(&r.at_hash),
		genesis = esc(&r.genesis),
		from = r.from_block,
		generated = r.generated_at,
		records = s.records,
		nversions = s.versions,
		failed = s.failed,
		failed_class = if s.failed > 0 { "bad" } else { "" },
		nreads = s.reads,
		unreviewed = s.unreviewed_emergencies,
		nservices = s.services,
		chart_anchors = chart(
			"chart-anchors",
			"Anchored versions per block range",
			&anchors,
			r.from_block,
			r.at_block
		),
		chart_reads = chart(
			"chart-reads",
			"Key requests per block range",
			&reads,
			r.from_block,
			r.at_block
		),
		t_versions = table(
			"versions",
			&[
				"record",
				"v",
				"block",
				"owner",
				"author",
				"class",
				"level",
				"CID",
				"SMeR hash",
				"check"
			],
			versions
		),
		t_reads = table(
			"reads",
			&[
				"block", "request", "record", "v", "reader", "verdict", "released", "denied",
				"flags"
			],
			read_rows
		),
		t_emergencies = table(
			"emergencies",
			&[
				"id",
				"responder",
				"patient",
				"opened",
				"active from",
				"closed",
				"reviewed"
			],
			emergency_rows
		),
		t_services = table(
			"services",
			&[
				"id", "patient", "provider", "insurer", "price", "booked", "status", "record",
				"paid"
			],
			service_rows
		),
	)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn markup_in_chain_data_is_escaped() {
		assert_eq!(
			esc("<script>\"x\" & 'y'</script>"),
			"&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;"
		);
	}

	#[test]
	fn every_block_lands_in_a_bar() {
		let svg = chart("c", "t", &[1, 1, 50, 100], 1, 100);
		let counts: u32 = svg
			.split("data-count=\"")
			.skip(1)
			.map(|s| s.split('"').next().unwrap().parse::<u32>().unwrap())
			.sum();
		assert_eq!(counts, 4);
		assert_eq!(svg.matches("<rect").count(), 34); // 100 blocks, 3 per bar
	}
}
