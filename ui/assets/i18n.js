// Words of the dashboard in Bahasa Indonesia (the default) and English, and
// how numbers and times are written in each.
"use strict";
(function (L) {
  const words = {
    "app.title": ["Latsar Ledger — Dasbor", "Latsar Ledger — Dashboard"],
    "skip": ["Lewati ke konten", "Skip to content"],
    "nav.label": ["Utama", "Main"],
    "nav.cohorts": ["Angkatan", "Cohorts"],
    "nav.feed": ["Umpan langsung", "Live feed"],
    "nav.signout": ["Keluar", "Sign out"],
    "nav.lang": ["English", "Bahasa Indonesia"],
    "nav.lang.code": ["en", "id"],
    "loading": ["Memuat…", "Loading…"],
    "error": ["Gagal memuat: {detail}", "Could not load: {detail}"],
    "none": ["—", "—"],
    "yes": ["ya", "yes"],
    "no": ["tidak", "no"],
    "of": ["dari", "of"],

    "signin.title": ["Masuk ke dasbor", "Sign in to the dashboard"],
    "signin.token": ["Token bearer", "Bearer token"],
    "signin.help": ["Tempel token dasbor, auditor, LMS atau admin. Token hanya disimpan di sesi peramban ini dan hilang saat tab ditutup.",
      "Paste a dashboard, auditor, LMS or admin token. It is kept in this browser session only and is gone when the tab closes."],
    "signin.submit": ["Masuk", "Sign in"],
    "signin.bad": ["Token tidak dikenal atau sudah dicabut.", "The token is unknown or revoked."],
    "signin.expired": ["Sesi berakhir: token ditolak. Masuk lagi.", "Session ended: the token was refused. Sign in again."],
    "signed.as": ["Token {role}", "{role} token"],

    "role.admin": ["admin", "admin"],
    "role.lms": ["LMS", "LMS"],
    "role.agency": ["instansi", "agency"],
    "role.auditor": ["auditor", "auditor"],
    "role.dashboard": ["dasbor", "dashboard"],

    "cohorts.title": ["Angkatan", "Cohorts"],
    "cohorts.filters": ["Saring angkatan", "Filter cohorts"],
    "cohorts.institution": ["Lembaga", "Institution"],
    "cohorts.phase": ["Fase", "Phase"],
    "cohorts.year": ["Tahun mulai", "Starting year"],
    "cohorts.apply": ["Terapkan", "Apply"],
    "cohorts.any": ["Semua", "Any"],
    "cohorts.more": ["Muat lebih banyak", "Load more"],
    "cohorts.none": ["Tidak ada angkatan yang cocok.", "No cohort matches."],
    "cohorts.forbidden": ["Token ini tidak membaca angkatan. Cari peserta dengan NIP.", "This token does not read cohorts. Look a participant up by NIP."],
    "cohorts.caption": ["Angkatan yang dapat dilihat token ini", "Cohorts this token may see"],
    "lookup.title": ["Cari peserta", "Find a participant"],
    "lookup.nip": ["NIP peserta (18 angka)", "Participant NIP (18 digits)"],
    "lookup.go": ["Buka", "Open"],

    "col.cohort": ["Angkatan", "Cohort"],
    "col.institution": ["Lembaga", "Institution"],
    "col.phase": ["Fase", "Phase"],
    "col.dates": ["Tanggal", "Dates"],
    "col.roster": ["Peserta", "Participants"],
    "col.outcomes": ["Hasil (sementara atau diputuskan)", "Outcomes (provisional or decided)"],
    "col.nip": ["NIP", "NIP"],
    "col.name": ["Nama", "Name"],
    "col.trophies": ["Trofi", "Trophies"],
    "col.posttest": ["Posttest", "Posttest"],
    "col.mooc": ["MOOC", "MOOC"],
    "col.absences": ["Ketidakhadiran (sesi · JP · hari)", "Absences (sessions · JP · days)"],
    "col.final": ["Nilai akhir", "Final score"],
    "col.outcome": ["Hasil", "Outcome"],
    "col.awards": ["Penghargaan", "Awards"],
    "col.rank": ["Peringkat", "Rank"],
    "col.value": ["Nilai", "Value"],
    "col.rules": ["Aturan", "Rules"],

    "phase.upcoming": ["Akan datang", "Upcoming"],
    "phase.mooc": ["MOOC", "MOOC"],
    "phase.running": ["Berlangsung", "Running"],
    "phase.ended": ["Selesai", "Ended"],
    "phase.decided": ["Diputuskan", "Decided"],
    "phase.open": ["Belum diputuskan", "Not decided yet"],

    "outcome.lulus": ["Lulus", "Passed"],
    "outcome.ditunda": ["Ditunda", "Deferred"],
    "outcome.tidak_lulus": ["Tidak lulus", "Failed"],
    "outcome.incomplete": ["Belum lengkap", "Incomplete"],
    "outcome.decided": ["diputuskan", "decided"],
    "status.provisional": ["sementara", "provisional"],
    "status.decided": ["diputuskan", "decided"],

    "qual.sangat_memuaskan": ["Sangat Memuaskan", "Very satisfactory"],
    "qual.memuaskan": ["Memuaskan", "Satisfactory"],
    "qual.cukup_memuaskan": ["Cukup Memuaskan", "Fairly satisfactory"],
    "qual.kurang_memuaskan": ["Kurang Memuaskan", "Unsatisfactory"],
    "qual.tidak_memuaskan": ["Tidak Memuaskan", "Very unsatisfactory"],
    "qual.none": ["Belum ada nilai", "No score yet"],

    "comp.attitude_institution": ["Sikap (lembaga)", "Attitude (institution)"],
    "comp.attitude_agency": ["Sikap (instansi)", "Attitude (agency)"],
    "comp.academic_mooc": ["Akademik MOOC", "Academic MOOC"],
    "comp.academic_elearning": ["Akademik e-learning", "Academic e-learning"],
    "comp.actualization_design": ["Rancangan aktualisasi", "Actualisation design"],
    "comp.actualization_implementation": ["Pelaksanaan aktualisasi", "Actualisation implementation"],
    "comp.pktbt": ["PKTBT", "PKTBT"],
    "abbr.attitude_institution": ["Sik. L", "Att. I"],
    "abbr.attitude_agency": ["Sik. I", "Att. A"],
    "abbr.academic_mooc": ["MOOC", "MOOC"],
    "abbr.academic_elearning": ["E-lrn", "E-lrn"],
    "abbr.actualization_design": ["Rnc.", "Des."],
    "abbr.actualization_implementation": ["Akt.", "Impl."],
    "abbr.pktbt": ["PKTBT", "PKTBT"],
    "aspect.attitude": ["Sikap perilaku", "Attitude"],
    "aspect.academic": ["Akademik", "Academic"],
    "aspect.actualization": ["Aktualisasi", "Actualisation"],
    "aspect.pktbt": ["PKTBT", "PKTBT"],
    "aspect.final": ["Nilai akhir", "Final score"],
    "award.sttp": ["STTP", "STTP"],
    "award.piagam_penghargaan": ["Piagam Penghargaan", "Certificate of merit"],
    "award.surat_keterangan": ["Surat Keterangan", "Statement letter"],
    "material.kebijakan": ["Kebijakan", "Policy"],
    "material.substansi_1": ["Substansi 1", "Substance 1"],
    "material.substansi_2": ["Substansi 2", "Substance 2"],
    "material.all": ["Semua materi", "All materials"],
    "measure.sessions": ["sesi", "sessions"],
    "measure.jp": ["JP", "JP"],
    "measure.days": ["hari", "days"],

    "cohort.summary": ["Ringkasan", "Summary"],
    "cohort.roster": ["Daftar peserta", "Roster"],
    "cohort.roster.caption": ["Peserta, kemajuan MOOC, ketidakhadiran terhadap batas, nilai komponen dan akhir, hasil", "Participants, MOOC progress, absences against the limits, component and final scores, outcome"],
    "cohort.capacity": ["Peserta / kapasitas", "Participants / capacity"],
    "cohort.dates": ["Masa pelatihan", "Training period"],
    "cohort.deadline": ["Batas remedial akademik / aktualisasi", "Remedial deadline, academic / actualisation"],
    "cohort.sessions": ["Sesi terjadwal", "Sessions scheduled"],
    "cohort.outcomes": ["Hasil peserta", "Participants' outcomes"],
    "cohort.distribution": ["Sebaran nilai akhir", "Final score distribution"],
    "cohort.leaderboards": ["Papan peringkat", "Leaderboards"],
    "cohort.lb.trophies": ["Trofi terbanyak", "Most trophies"],
    "cohort.lb.final": ["Nilai akhir tertinggi", "Highest final score"],
    "cohort.preview": ["Pratinjau rapat kelulusan", "Graduation meeting preview"],
    "cohort.preview.help": ["Keputusan setiap peserta bila rapat diadakan sekarang (R-GRAD-1..4, R-AWARD-1); tidak mencatat apa pun.",
      "Each participant's decision if the meeting were held now (R-GRAD-1..4, R-AWARD-1); records nothing."],
    "cohort.csv": ["Unduh CSV", "Download CSV"],
    "cohort.live.sse": ["Langsung: mengikuti umpan peristiwa", "Live: following the event feed"],
    "cohort.live.poll": ["Langsung: memeriksa proyeksi tiap 3 detik", "Live: checking the projections every 3 s"],
    "cohort.live.updated": ["{n} peserta diperbarui", "{n} participants updated"],
    "cohort.loading.details": ["Memuat nilai komponen {done}/{total}…", "Loading component scores {done}/{total}…"],
    "cohort.mooc.passed": ["MOOC lulus", "MOOC passed"],
    "cohort.mooc.notpassed": ["MOOC belum lulus", "MOOC not passed"],

    "p.cohort": ["Angkatan", "Cohort"],
    "p.agency": ["Instansi", "Agency"],
    "p.institution": ["Lembaga", "Institution"],
    "p.asof": ["Lihat keadaan per waktu", "See the standing as of"],
    "p.asof.show": ["Tampilkan", "Show"],
    "p.asof.now": ["Sekarang", "Now"],
    "p.asof.showing": ["Menampilkan keadaan per {when}, diputar ulang dari log.", "Showing the standing as of {when}, replayed from the log."],
    "p.asof.position": ["posisi {n}", "position {n}"],
    "p.trophies": ["Trofi dan bintang", "Trophies and stars"],
    "p.trophies.chart": ["Trofi terhadap minimum", "Trophies against the minimums"],
    "p.minimum": ["{what}: {count} dari minimal {required}", "{what}: {count} of at least {required}"],
    "p.minimum.total": ["Total (semua materi, agenda 0–4)", "Total (every material, agendas 0–4)"],
    "p.minimum.of": ["{material}, agenda {from}–{to}", "{material}, agendas {from}–{to}"],
    "p.minimum.in": ["{material}, agenda {from}", "{material}, agenda {from}"],
    "p.minimum.short": ["Total", "Total"],
    "p.minimum.share": ["{percent}% dari {offered} yang ditawarkan, dibulatkan ke atas", "{percent}% of the {offered} offered, rounded up"],
    "p.met": ["terpenuhi", "met"],
    "p.missed": ["belum", "missed"],
    "p.stars": ["{full} bintang emas penuh, {half} setengah bintang, {trophies} trofi (R-TRO-6)", "{full} full gold stars, {half} half star, {trophies} trophies (R-TRO-6)"],
    "p.max": ["Maksimal {max} trofi (R-TRO-1)", "At most {max} trophies (R-TRO-1)"],
    "p.grid": ["Trofi per materi dan agenda (diperoleh / ditawarkan)", "Trophies by material and agenda (earned / offered)"],
    "p.agenda": ["Agenda {n}", "Agenda {n}"],
    "p.attitude": ["Sikap dari trofi (R-TRO-7)", "Attitude from trophies (R-TRO-7)"],
    "p.attitude.none": ["Belum ada nilai: {rules} belum terpenuhi.", "No score: {rules} not met."],
    "p.attitude.noband": ["Belum ada nilai: kurang dari 28 trofi.", "No score: fewer than 28 trophies."],
    "p.attitude.band": ["{total} trofi berada di pita {from}–{to} trofi ({lowest}–{highest}); interpolasi linear, dibulatkan setengah ke atas:", "{total} trophies fall in the band {from}–{to} ({lowest}–{highest}); linear interpolation, rounded half up:"],
    "p.posttest": ["Posttest (R-POST-1, R-POST-2, R-POST-3)", "Posttest (R-POST-1, R-POST-2, R-POST-3)"],
    "p.posttest.chart": ["Percobaan terhadap batasnya", "Attempts against their caps"],
    "p.posttest.none": ["Belum ada percobaan.", "No attempt yet."],
    "p.attempt": ["Percobaan", "Attempt"],
    "p.weighted": ["Tertimbang 70/30", "Weighted 70/30"],
    "p.cap": ["Batas", "Cap"],
    "p.capped": ["Setelah batas", "Capped"],
    "p.best": ["terbaik", "best"],
    "p.result": ["Hasil posttest (terbaik setelah batas): {result}; nilai lulus {passing} — {passed}", "Posttest result (best capped): {result}; passing grade {passing} — {passed}"],
    "p.caps": ["Batas per percobaan: 1–3 → 100; 4–5 → 90,01; 6 → 80,01; 7 dan seterusnya → 70,01", "Caps by attempt: 1–3 → 100; 4–5 → 90.01; 6 → 80.01; 7 and later → 70.01"],
    "p.mooc": ["MOOC (R-POST-4)", "MOOC (R-POST-4)"],
    "p.mooc.passed": ["Lulus MOOC.", "MOOC passed."],
    "p.mooc.unmet": ["Belum lulus MOOC: {rules}.", "MOOC not passed: {rules}."],
    "p.attendance": ["Kehadiran (R-ATT-2)", "Attendance (R-ATT-2)"],
    "p.limit": ["{absent} {measure} dari batas {limit}", "{absent} {measure} of the limit {limit}"],
    "p.broken": ["batas terlampaui", "limit broken"],
    "p.absences": ["Sesi yang tidak dihadiri", "Sessions missed"],
    "p.absences.none": ["Tidak ada ketidakhadiran tercatat.", "No absence recorded."],
    "p.components": ["Komponen (R-EVAL-1)", "Components (R-EVAL-1)"],
    "p.component": ["Komponen", "Component"],
    "p.weight": ["Bobot", "Weight"],
    "p.score": ["Nilai", "Score"],
    "p.source": ["Asal", "Source"],
    "source.scored": ["dinilai", "scored"],
    "source.posttest": ["hasil posttest", "posttest result"],
    "source.remedial": ["remedial, menggantikan {replaced}", "remedial, replacing {replaced}"],
    "source.missing": ["belum ada", "missing"],
    "p.aspects": ["Aspek dan nilai akhir (R-EVAL-1, R-QUAL-1)", "Aspects and final score (R-EVAL-1, R-QUAL-1)"],
    "p.missing": ["Belum dihitung: menunggu {what}.", "Not computed yet: waiting for {what}."],
    "p.bands": ["Kualifikasi (R-QUAL-1)", "Qualifications (R-QUAL-1)"],
    "p.decision": ["Keputusan", "Decision"],
    "p.decision.provisional": ["Sementara (belum ada rapat kelulusan)", "Provisional (no graduation meeting yet)"],
    "p.decision.decided": ["Diputuskan pada rapat {ref}, {on}", "Decided at meeting {ref}, {on}"],
    "p.decision.rules": ["Aturan yang memutuskan: {rules}", "Rules that decided: {rules}"],
    "p.checks": ["Pemeriksaan, menurut urutannya", "Checks, in the order they were made"],
    "p.documents": ["Dokumen", "Documents"],
    "p.documents.none": ["Belum ada dokumen.", "No document yet."],
    "p.documents.pending": ["Dokumen bertanda tangan belum tersedia di server ini.", "Signed documents are not available on this server yet."],
    "p.documents.verify": ["Verifikasi", "Verify"],
    "p.audit": ["Jejak audit", "Audit trail"],
    "p.audit.forbidden": ["Token {role} tidak membaca jejak audit.", "A {role} token does not read audit trails."],
    "p.audit.view": ["Lihat keadaan saat itu", "See that moment"],
    "p.audit.by": ["oleh {actor} ({role})", "by {actor} ({role})"],
    "p.audit.none": ["tidak mengubah nilai", "changed no number"],
    "p.audit.more": ["{n} perubahan lain", "{n} more changes"],
    "p.awards": ["Penghargaan: {awards}", "Awards: {awards}"],
    "p.rank": ["peringkat {rank}", "rank {rank}"],

    "check.attendance_limit_broken.hit": ["Batas ketidakhadiran terlampaui", "The absence limit is broken"],
    "check.attendance_limit_broken.miss": ["Batas ketidakhadiran tidak terlampaui", "The absence limit holds"],
    "check.aspect_fails.hit": ["Aspek {subject}: {value} — tidak lulus", "Aspect {subject}: {value} — fails"],
    "check.aspect_fails.miss": ["Aspek {subject}: {value} — tidak menggagalkan", "Aspect {subject}: {value} — does not fail"],
    "check.component_missing.hit": ["Komponen {subject} belum ada — belum lengkap", "Component {subject} is missing — incomplete"],
    "check.component_missing.miss": ["Ketujuh komponen sudah ada", "All seven components are known"],
    "check.aspect_defers.hit": ["Aspek {subject}: {value} — menunda", "Aspect {subject}: {value} — defers"],
    "check.aspect_defers.miss": ["Aspek {subject}: {value} — tidak menunda", "Aspect {subject}: {value} — does not defer"],
    "check.component_below_passing_grade.hit": ["{subject} = {value}, di bawah 70,01 — perlu remedial", "{subject} = {value}, below 70.01 — to be remedied"],
    "check.component_below_passing_grade.miss": ["{subject} = {value}, tidak di bawah 70,01", "{subject} = {value}, not below 70.01"],
    "check.still_deferred_at_repeat.hit": ["Masih ditunda pada rapat ulang — tidak lulus", "Still deferred at the repeat meeting — fails"],
    "check.still_deferred_at_repeat.miss": ["Rapat pertama: ditunda untuk remedial", "First meeting: deferred for a remedial"],
    "check.every_aspect_passes.hit": ["Setiap aspek minimal Cukup Memuaskan dan kehadiran terpenuhi — lulus", "Every aspect at least fairly satisfactory and attendance held — passes"],

    "feed.title": ["Umpan peristiwa langsung", "Live event feed"],
    "feed.help": ["Setiap peristiwa yang dicatat log, terbaru di atas (200 terakhir).", "Every event the log records, newest first (the last 200)."],
    "feed.forbidden": ["Log global hanya untuk token admin dan auditor. Halaman angkatan tetap diperbarui langsung dari proyeksi.", "The global log is for admin and auditor tokens. Cohort pages still update live from the projections."],
    "feed.connected": ["Tersambung, mengikuti dari posisi {n}.", "Connected, following from position {n}."],
    "feed.reconnecting": ["Tersambung ulang…", "Reconnecting…"],
    "feed.position": ["Posisi", "Position"],
    "feed.time": ["Waktu", "Time"],
    "feed.type": ["Jenis", "Type"],
    "feed.stream": ["Aliran", "Stream"],
    "feed.actor": ["Oleh", "By"],
    "feed.caption": ["Peristiwa terbaru", "Latest events"],
  };

  let lang = localStorage.getItem("latsar.lang") === "en" ? "en" : "id";

  // t is the word for key in the current language, with {name} filled in.
  L.t = function (key, vars) {
    const w = words[key];
    let s = w ? w[lang === "en" ? 1 : 0] : key;
    if (vars) {
      s = s.replace(/\{(\w+)\}/g, (m, k) => (vars[k] === undefined ? m : String(vars[k])));
    }
    return s;
  };
  L.lang = () => lang;
  L.setLang = function (l) {
    lang = l === "en" ? "en" : "id";
    localStorage.setItem("latsar.lang", lang);
    document.documentElement.lang = lang;
  };
  document.documentElement.lang = lang;

  const locale = () => (lang === "en" ? "en-GB" : "id-ID");

  // num writes a score with two decimals: 84,75 in Bahasa Indonesia, 84.75 in English.
  L.num = function (v) {
    if (v === null || v === undefined) return L.t("none");
    const s = Number(v).toFixed(2);
    return lang === "en" ? s : s.replace(".", ",");
  };
  // exact writes a decimal the API gave as text (84.751, 92.2222…).
  L.exact = (s) => (lang === "en" ? s : String(s).replace(".", ","));
  L.int = (v) => (v === null || v === undefined ? L.t("none") : Number(v).toLocaleString(locale()));
  L.date = function (d) {
    if (!d) return L.t("none");
    const [y, m, day] = d.split("-").map(Number);
    return new Date(Date.UTC(y, m - 1, day)).toLocaleDateString(locale(), { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
  };
  L.time = function (ts) {
    if (!ts) return L.t("none");
    return new Date(ts).toLocaleString(locale(), { dateStyle: "medium", timeStyle: "medium" });
  };
  L.list = (xs) => xs.join(", ");
})(window.Latsar = window.Latsar || {});
