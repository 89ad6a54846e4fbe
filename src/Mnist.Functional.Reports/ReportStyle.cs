namespace Mnist.Functional.Reports;

/// <summary>The report's style sheet: system fonts, the palette's colours, cards that reflow from two columns to one on narrow screens.</summary>
internal static class ReportStyle
{
    /// <summary>The CSS, inlined in the page's head.</summary>
    public const string Css = $$"""
        :root {
          --train: {{ReportPalette.Train}}; --validation: {{ReportPalette.Validation}}; --test: {{ReportPalette.Test}};
          --wrong: {{ReportPalette.Wrong}}; --ink: {{ReportPalette.Ink}}; --muted: {{ReportPalette.Muted}}; --rule: {{ReportPalette.Rule}};
          --page: #f3f4f6; --card: #ffffff;
        }
        * { box-sizing: border-box; }
        body { margin: 0; background: var(--page); color: var(--ink); font: 15px/1.5 {{ReportPalette.FontStack}}; }
        header.masthead { background: #111827; color: #f9fafb; padding: 28px 32px 24px; }
        header.masthead h1 { margin: 0 0 4px; font-size: 28px; font-weight: 650; letter-spacing: -0.01em; }
        header.masthead p { margin: 0; color: #d1d5db; }
        main { max-width: 1200px; margin: 0 auto; padding: 24px 24px 48px; }
        section { margin-top: 28px; }
        h2 { font-size: 20px; margin: 0 0 12px; padding-bottom: 6px; border-bottom: 2px solid var(--rule); }
        h3 { font-size: 15px; margin: 0 0 8px; color: var(--muted); font-weight: 600; text-transform: uppercase; letter-spacing: 0.04em; }
        .card { background: var(--card); border: 1px solid var(--rule); border-radius: 10px; padding: 16px; overflow-x: auto; }
        section > .card, section > .columns { margin-top: 16px; }
        section > h2 + .card, section > h2 + .columns { margin-top: 0; }
        .columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(460px, 1fr)); gap: 16px; }
        .columns.three { grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); }
        .headline { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 12px; margin-top: 0; }
        .metric { background: var(--card); border: 1px solid var(--rule); border-radius: 10px; padding: 14px 16px; }
        .metric .value { font-size: 28px; font-weight: 700; font-variant-numeric: tabular-nums; white-space: nowrap; }
        .metric .label { color: var(--muted); font-size: 13px; }
        .metric.test { border-top: 4px solid var(--test); }
        .chart { width: 100%; min-height: 200px; }
        .legend-note { color: var(--muted); font-size: 13px; margin: 8px 0 0; }
        .swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin: 0 4px 0 10px; }
        pre { margin: 0; padding: 12px; background: #f9fafb; border: 1px solid var(--rule); border-radius: 8px; overflow-x: auto; font-size: 13px; white-space: pre-wrap; overflow-wrap: anywhere; }
        section > .reproduce { margin-top: 16px; }
        a { color: var(--train); }
        td.differs { background: #fef3c7; font-weight: 600; }
        tr.differs td:first-child { font-weight: 600; }
        table { border-collapse: collapse; width: 100%; font-size: 14px; }
        th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--rule); vertical-align: top; }
        th { color: var(--muted); font-weight: 600; font-size: 13px; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
        tbody tr:nth-child(even) { background: #f9fafb; }
        tfoot td { font-weight: 600; border-top: 2px solid var(--rule); border-bottom: none; }
        table.facts td:first-child { color: var(--muted); white-space: nowrap; width: 40%; }
        table.facts td { word-break: break-word; }
        .digit-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(76px, 1fr)); gap: 10px; }
        figure { margin: 0; }
        .digit { background: var(--card); border: 2px solid var(--rule); border-radius: 8px; padding: 6px; text-align: center; }
        .digit.wrong { border-color: var(--wrong); background: #fef2f2; }
        img { image-rendering: pixelated; display: block; margin: 0 auto; border-radius: 3px; background: #000; }
        figcaption { margin-top: 4px; font-size: 13px; line-height: 1.3; overflow-wrap: anywhere; }
        .predicted { font-weight: 700; font-size: 15px; }
        .digit.wrong .predicted, .mistake .predicted { color: var(--wrong); }
        .actual { display: block; color: var(--ink); font-size: 12px; }
        .mistakes { display: grid; grid-template-columns: repeat(auto-fill, minmax(250px, 1fr)); gap: 12px; }
        .mistake { display: flex; gap: 12px; align-items: flex-start; background: var(--card); border: 2px solid var(--wrong); border-radius: 10px; padding: 10px; }
        .mistake img { margin: 0; flex: none; }
        .mistake figcaption { margin: 0; flex: 1; min-width: 0; }
        .mistakes.explained { grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); }
        .mistakes.explained .mistake { flex-direction: column; align-items: stretch; }
        .mistake .views { display: flex; gap: 6px; }
        .mistake .view span { display: block; text-align: center; color: var(--muted); font-size: 11px; margin-top: 2px; }
        .verdict .actual { display: inline; font-size: 13px; }
        ol.top { list-style: none; padding: 0; margin: 6px 0 0; }
        ol.top li { display: grid; grid-template-columns: minmax(1.5em, auto) 1fr 3.6em; gap: 6px; align-items: center; font-size: 12px; }
        ol.top .bar { height: 8px; background: #f3f4f6; border-radius: 4px; overflow: hidden; }
        ol.top .bar span { display: block; height: 100%; background: #9ca3af; }
        ol.top li.is-predicted .bar span { background: var(--wrong); }
        ol.top li.is-actual .bar span { background: var(--test); }
        ol.top li.is-actual .name { font-weight: 700; }
        ol.top .p { text-align: right; font-variant-numeric: tabular-nums; color: var(--muted); }
        .mistake .index { color: var(--muted); font-size: 11px; margin-top: 4px; }
        .note { color: var(--muted); margin: 0 0 10px; font-size: 14px; }
        footer { color: var(--muted); font-size: 12px; text-align: center; padding: 16px 0 32px; }
        /* Last, so that on a phone these win over the rules above. */
        @media (max-width: 560px) {
          .columns, .columns.three { grid-template-columns: 1fr; }
          main { padding: 16px 10px; }
          .metric .value { font-size: 22px; }
        }
        """;
}
