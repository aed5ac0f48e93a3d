/**
Japanese labels: the Remote UI's own words, as printed in the manual (C09Y-057). This table
defines the keys; en.ts must have the same ones.

Screen text avoids East Asian "ambiguous width" symbols (—, ●, ▶, ─) that some Japanese
terminals draw two columns wide; the few kept (…, •, ↑↓, ←→) are the conventional ones.
*/
import type {
	FieldErrorCode,
	TokenStatusValue,
	ConnectionStatusValue,
	MicrosoftState,
} from '../device/contract-values.js';

type ConnectionFailureReason = NonNullable<MicrosoftState['connection']['reason']>;
type TokenFailureReason = NonNullable<MicrosoftState['token']['reason']>;

/**
What to change at Microsoft Entra ID or Google Cloud for a refusal that no retry helps, in the
words of their Japanese admin consoles (Microsoft Entra 管理センター: [アプリの登録] > [認証] >
[サポートされているアカウントの種類], [パブリック クライアント フローを許可する], [API のアクセス
許可] > [管理者の同意を与えます]; Google Cloud: 公開ステータス [テスト中] / [本番環境], ユーザーの
種類 [内部]). The TUI adds 「r キーを押してください」, scripted mode the command. Sources: en.ts.
*/
const fixes = {
	multiTenant: 'アプリの登録がシングルテナントです。Microsoft Entra 管理センターの[アプリの登録] > アプリ > [認証]で、[サポートされているアカウントの種類]をマルチテナントにして',
	publicClient: 'アプリの登録でパブリック クライアント フローが許可されていません。Microsoft Entra 管理センターの[アプリの登録] > アプリ > [認証]で、[パブリック クライアント フローを許可する]を[はい]にして',
	consent: 'アプリのアクセス許可(SMTP.Send)に同意されていません。Microsoft Entra 管理センターの[アプリの登録] > アプリ > [API のアクセス許可]で[管理者の同意を与えます]を選んで',
	testing: '7日ごとに起きる場合は公開ステータスが[テスト中]です。Google Cloudでアプリを[本番環境]に公開するか、ユーザーの種類を[内部]にしてください。',
	googleClient: 'Googleがクライアントを受け付けませんでした(クライアントシークレットの誤りか、OAuthクライアントの削除・無効化)',
} as const;

export const ja = {
	appName: 'cloudmail-setup',
	screens: {
		login: 'ログイン(管理者モード)',
		portal: 'ポータル',
		settingsRegistration: '設定/登録',
		sendSettings: '送信設定',
		microsoftSettings: 'OAuth 2.0(Microsoft)設定',
		googleSettings: 'OAuth 2.0(Google)設定',
		microsoftEditBasicSettings: '基本設定の編集',
		googleEditBasicSettings: '基本設定の編集',
		googleRegisterAuthorization: '認可用情報の登録',
		microsoftTestMail: 'テストメールの送信',
		googleTestMail: 'テストメールの送信',
		logout: 'ログアウト',
		changePassword: '管理者パスワードの変更',
	},
	fieldErrors: {
		required: '入力してください。',
		not_https: 'https:// で始まるURLを入力してください。',
		wrong_host: 'ホストは login.microsoftonline.com です。',
		wrong_path: 'https://login.microsoftonline.com/<tenant>/oauth2/v2.0 の形式で入力してください。',
		unknown_tenant: '<tenant> は common / consumers / organizations のいずれかです。',
		invalid_url: 'URLの形式が正しくありません。',
		too_long: '長すぎます。',
		invalid_characters: '空白、改行、全角文字、制御文字は使えません。',
		cn_requires_verify: '[サーバー証明書を検証する]がオンのときだけ設定できます。',
		invalid_client_id: 'クライアントIDは .apps.googleusercontent.com で終わります。',
		secret_required: 'クライアントシークレットを入力してください。',
		code_missing: 'URLに認可コード(code=...)がありません。',
		state_mismatch: 'このURLは今回の認可のものではありません(stateが一致しません)。[Google認可サーバー用URL]を開き直してください。',
		access_denied: 'Googleの画面で認可が拒否されました。もう一度URLを開き、[許可]を選んでください。',
		code_rejected: '認可コードが受け付けられませんでした。',
		no_authorization: '認可の手続きが始まっていません。基本設定と接続状況を確認してください。',
		invalid_email: 'name@example.com の形式でメールアドレスを入力してください。',
		password_length: '8文字以上64文字以下で入力してください。',
		password_default: '初期パスワードは使えません。',
		password_user_name: 'ユーザー名と同じパスワードは使えません。',
		password_unchanged: '現在のパスワードとは異なるパスワードを入力してください。',
		password_mismatch: '新しいパスワードと確認用のパスワードが一致しません。',
		wrong_password: '現在のパスワードが正しくありません。',
	} satisfies Record<FieldErrorCode, string>,
	common: {
		on: 'オン',
		off: 'オフ',
		ok: 'OK',
		cancel: 'キャンセル',
		none: '-',
		loading: '読み込み中…',
		loggingOut: 'ログアウトしています…',
	},
	/** Words after a key in the footer and the key list. */
	keys: {
		move: '移動',
		open: '開く',
		jump: '番号で開く',
		back: '戻る',
		help: 'キー一覧',
		closeHelp: '閉じる',
		quit: '終了',
		quitAnywhere: 'ログアウトして終了',
		nextField: '項目の移動',
		toggle: 'オン/オフ',
		pickTenant: 'テナント',
		logIn: 'ログイン',
		ok: '次へ/OKで保存',
		cancel: '保存せずに戻る',
		edit: '編集',
		refresh: '更新',
		copyCode: 'コードをコピー',
		copyUrl: 'URLをコピー',
		reset: 'やり直す',
		yes: 'はい',
		no: 'いいえ',
		reload: '読み込み直す',
		checkSaved: '保存を確認',
		cursor: 'カーソル',
		erase: '1文字削除/全消去',
		select: '選択',
		register: '登録',
		printUrl: 'URLを1行で表示',
		submitCode: 'OK(送信)',
	},
	login: {
		device: '接続先',
		userName: 'ユーザー名',
		password: 'パスワード',
		logIn: 'ログイン',
		loggingIn: 'ログインしています…',
		unlocked: 'ロックが解除されました。もう一度ログインしてください。',
	},
	/** A failed device request, in words. */
	deviceErrors: {
		unreachable: (url: string) => `本機 (${url}) に接続できません。本機の電源とネットワークを確認してください。`,
		timeout: (url: string) => `本機 (${url}) から時間内に応答がありません。もう一度試してください。`,
		invalidCredentials: 'ユーザー名またはパスワードが正しくありません。',
		locked: (time: string) => `ログインの失敗が続いたためロックされています。あと ${time} で再試行できます。`,
		sessionExpired: 'セッションが終了しました。',
		validation: '本機が入力内容を受け付けませんでした。各項目のメッセージを確認してください。',
		conflict: '他の場所で設定が変更されました。',
		http: (status: string) => `本機がエラーを返しました (HTTP ${status})。`,
		invalidResponse: '本機の応答を解釈できませんでした。本機とこのツールのバージョンを確認してください。',
		unexpected: '予期しないエラーが発生しました。',
		retrying: '自動で再試行します。',
		/** 507/500 `not_saved`: the device's storage refused the write, so nothing changed. */
		notSaved: (reason: string, errno: string) => `保存されませんでした: ${reason} (${errno})。本機の設定は変更されていません。編集内容はそのままです。記憶領域の問題を解決してから、もう一度OKを押してください。`,
		notDone: (reason: string, errno: string) => `実行されませんでした: ${reason} (${errno})。本機の設定は変更されていません。記憶領域の問題を解決してから、もう一度実行してください。`,
		codeNotSaved: (reason: string, errno: string) => `保存されませんでした: ${reason} (${errno})。本機の設定は変更されていませんが、認可コードは使用済みです。記憶領域の問題を解決してから、もう一度URLを開いてログインし、新しい認可コードを登録してください。`,
		storage: {
			ENOSPC: '本機の記憶領域がいっぱいです',
			EDQUOT: '本機の記憶領域の割り当て容量を超えています',
			EACCES: '本機が記憶領域に書き込めません(権限がありません)',
			EPERM: '本機が記憶領域に書き込めません(許可されていません)',
			EROFS: '本機の記憶領域が読み取り専用になっています',
			EIO: '本機の記憶領域で入出力エラーが発生しました',
			other: '本機が記憶領域に書き込めませんでした',
		},
		/** HTTPS: the device's certificate was refused before anything was sent (see deviceCertificate for the screen). */
		certificateUntrusted: (fingerprint: string) => `本機の証明書は信頼されていません(${fingerprint})。何も送信していません。`,
		certificateDeclined: '本機の証明書を信頼しなかったため、何も送信していません。もう一度ログインすると、証明書をもう一度確認できます。',
		certificateChanged: (origin: string) => `本機の証明書が、信頼した時から変わっています。何も送信していません。更新が正当なら cloudmail-setup config unpin ${origin} で古い登録を削除してください。`,
		certificateExpired: (from: string, to: string) => `本機の証明書は有効期間外です(${from}〜${to})。両方の日時を確認するか、証明書を更新してください。何も送信していません。`,
		certificateNameMismatch: (origin: string) => `本機の証明書は ${origin} 用に発行されたものではありません。何も送信していません。`,
		/** A 3xx on the device API: never followed. */
		redirect: (target: string) => `本機が別の宛先 (${target}) へのリダイレクトを返しました。リダイレクトには従わず、宛先には何も送信していません。`,
		/** 503 too_many_sessions: no one's session was taken; `time` mm:ss or -. */
		tooManySessions: (time: string) => `本機のセッション数が上限に達しているため、ログインできません。ほかの場所でログアウトするか、あと ${time} 待ってからもう一度ログインしてください。`,
		/** 403 password_change_required. */
		passwordChangeRequired: '管理者パスワードが初期設定のままです。先にパスワードを変更してください。',
	},
	/**
	The device's own HTTPS certificate, trusted as SSH trusts a host key: shown once to compare
	with the fingerprint the printer shows, then pinned; a changed one is refused.
	*/
	deviceCertificate: {
		title: '本機の証明書の確認',
		intro: {
			'self-signed': (origin: string) => `${origin} の証明書はまだ信頼されていません(自己署名証明書)。パスワードはまだ送信していません。`,
			'unknown-issuer': (origin: string, issuer: string) => `${origin} の証明書は、信頼されていない認証局 (${issuer}) が発行したものです。パスワードはまだ送信していません。`,
		},
		fingerprint: 'フィンガープリント(SHA-256)',
		subject: '発行先',
		names: '名前',
		issuer: '発行者',
		validity: '有効期間',
		validRange: (from: string, to: string) => `${from}〜${to}`,
		question: '本機の操作パネルまたはリモートUIの証明書の詳細に表示されるフィンガープリントと比べてください。同じなら、この証明書を本機の証明書として信頼しますか。',
		caTip: '本機の認証局の証明書があれば、--ca FILE で起動しても信頼できます。',
		yes: 'はい、信頼する',
		no: 'いいえ',
		trustKey: '信頼する',
		dontTrustKey: '信頼しない',
		backKey: 'ログインに戻る',
		back: 'ログインに戻る',
		changedTitle: '警告: 本機の証明書が変わっています',
		changed: (origin: string) => `${origin} の証明書が、以前に信頼した証明書と異なります。通信の傍受か、証明書の更新が考えられます。何も送信していません。`,
		pinned: '信頼済みの証明書(登録済み)',
		presented: '今回提示された証明書',
		forget: '意図した更新なら、新しいフィンガープリントを本機の表示と比べてから、古い登録を削除してもう一度ログインしてください:',
		expiredTitle: '本機の証明書は有効期間外です',
		expired: (origin: string) => `${origin} の証明書は有効期間外のため、接続を拒否しました。本機とこのコンピューターの日時を確認するか、本機の証明書を更新してください。何も送信していません。`,
		nameMismatchTitle: '本機の証明書の名前が一致しません',
		nameMismatch: (origin: string) => `${origin} の証明書は、別の名前またはアドレス用に発行されています。証明書にある名前またはアドレスで接続してください。何も送信していません。`,
	},
	session: {
		prompt: 'セッションが終了しました。続けるにはパスワードを入力してください。',
		kept: '編集中の内容はそのまま残っています。',
	},
	/** 管理者パスワードの変更: required after logging in with the factory default password. */
	passwordChange: {
		intro: '管理者パスワードが初期設定のままです。続けるにはパスワードを変更してください。',
		rules: '8文字以上64文字以下の半角英数字・記号。初期パスワードとユーザー名は使えません。',
		currentPassword: '現在のパスワード',
		newPassword: '新しいパスワード',
		confirmPassword: '新しいパスワード(確認)',
		changing: 'パスワードを変更しています…',
		notChanged: 'パスワードは変更されていません。各項目のメッセージを確認してください。',
		notChangedSession: 'セッションが終了したため変更されていません。もう一度[OK]を押してください。',
		logOut: 'ログアウト',
	},
	portal: {
		loggedInAs: (user: string) => `ログイン中: ${user}`,
	},
	/** What both OAuth 2.0 pages show alike: basic settings, statuses, their reasons, the refresh button. */
	oauth: {
		basicSettings: '基本設定',
		edit: '編集',
		verifyServerCertificate: 'サーバー証明書を検証する',
		addCnToVerification: 'CNを検証項目に追加する',
		connectionStatus: 'サーバーの接続状況',
		tokenStatus: 'トークンの稼働状況',
		connection: {
			'not-checked': '未確認',
			checking: '確認中…',
			success: '成功',
			failed: '失敗',
		} satisfies Record<ConnectionStatusValue, string>,
		token: {
			'not-authorized': '未認可',
			waiting: '認可待ち',
			active: '稼働中',
			expired: '期限切れ',
			error: 'エラー',
		} satisfies Record<TokenStatusValue, string>,
		/** Why a connection check failed; a provider's own words are in its `connectionReasons`. */
		connectionReasons: {
			unreachable: '認可サーバーに接続できません。本機のネットワーク、DNS、プロキシを確認して r キーで再確認してください。',
			timeout: '認可サーバーから時間内に応答がありません。r キーで再確認してください。',
			certificate_untrusted: 'サーバー証明書を信頼できません。本機のCA証明書を確認するか、[サーバー証明書を検証する]をオフにしてください。',
			cn_mismatch: '証明書のCNが接続先と一致しません。エンドポイントを確認するか、[CNを検証項目に追加する]をオフにしてください。',
			tls_error: 'TLS通信に失敗しました。r キーで再確認してください。',
			http_error: '認可サーバーがエラーを返しました。エンドポイントを確認して r キーで再確認してください。',
		} satisfies Record<ConnectionFailureReason, string>,
		/** Why the token is not active, and what to do; a provider's own words are in its `tokenReasons`. */
		tokenReasons: {
			expired_token: '認可する前にユーザーコードの有効期限が切れました。r キーで新しいコードを取得してください。',
			authorization_declined: '認可が拒否されました。r キーでもう一度試してください。',
			access_denied: '認可が拒否されました。r キーでもう一度試してください。',
			bad_verification_code: 'ユーザーコードが受け付けられませんでした。r キーでもう一度試してください。',
			invalid_grant: '認可が無効になりました。x キーで認可を取り消して、もう一度認可してください。',
			invalid_client: '認可サーバーが本機を受け付けませんでした。エンドポイントのテナントを確認してください。',
			reauthorization_required: '再認可が必要です。r キーで再試行するか、x/Del キーで認可を取り消してもう一度認可してください。',
			redirect_uri_mismatch: 'リダイレクトURIが認可サーバーに登録されていません。Google Cloudのクライアントの種類(デスクトップ アプリ)を確認してください。',
			idp_unreachable: '認可サーバーに接続できません。本機が再試行します。r キーですぐに再試行できます。',
			idp_error: '認可サーバーがエラーを返しました。r キーでもう一度試してください。',
			app_not_multi_tenant: `${fixes.multiTenant}から、r キーを押してください。`,
			public_client_disabled: `${fixes.publicClient}から、r キーを押してください。`,
			consent_required: `${fixes.consent}から、r キーを押してください。`,
			id_token_invalid: 'アカウントを示すIDトークンの検証(署名、発行者、対象者、有効期限)に失敗しました。本機の日付と時刻を確認し、x キーで認可を取り消して、もう一度認可してください。',
		} satisfies Record<TokenFailureReason, string>,
		tokenExpired: 'トークンの期限が切れました。r キーで更新するか、x キーでやり直してください。',
		nothingToCopy: 'コピーできるものがありません。',
		confirmReset: '認可を取り消して最初からやり直しますか? (y/n)',
		refreshing: '更新しています…',
		resetting: '認可を取り消しています…',
		scanQr: 'スマートフォンで読み取り',
	},
	microsoft: {
		useOAuth: 'OAuth 2.0(Microsoft)を使用する',
		endpoint: 'Microsoft Entra ID認可サーバーのエンドポイント',
		message: 'メッセージ',
		userCode: 'ユーザーコード',
		userCodeExpiresIn: 'ユーザーコードの有効期限',
		codeExpired: '期限切れ: r キーで新しいコードを取得',
		/** ユーザーコードの有効期限: 期限の時刻(ローカル時刻、hh:mm)と残り時間(mm:ss)。 */
		codeDeadline: (time: string, left: string) => `${time}まで(残り${left})`,
		disabled: 'OAuth 2.0(Microsoft)を使用しない設定です。e キーで基本設定を編集してください。',
		copiedCode: (code: string) => `ユーザーコード ${code} をクリップボードへ送りました(OSC 52対応の端末のみ)。`,
		copiedUrl: (url: string) => `URL ${url} をクリップボードへ送りました(OSC 52対応の端末のみ)。`,
	},
	google: {
		useOAuth: 'OAuth 2.0(Google)を使用する',
		clientId: 'クライアントID',
		clientSecret: 'クライアントシークレット',
		secretSet: '設定済み',
		secretNotSet: '未設定',
		/** Next to the (empty) secret field while one is stored. Plain "-": "—" is drawn two columns wide by some Japanese terminals. */
		secretKeep: '設定済み - 変更しない場合は空欄のまま',
		authorizationInformation: '認可用情報',
		register: '登録',
		authorizationNotReady: '接続に成功すると登録できます。',
		waitingForCode: 'a キーで認可用情報を登録してください(URLを開いて認可し、認可コードを入力します)。',
		disabled: 'OAuth 2.0(Google)を使用しない設定です。e キーで基本設定を編集してください。',
		authorizationUrl: 'Google認可サーバー用URL',
		authorizationCode: '認可コード',
		/** One line under the field: what to paste (the manual's example). */
		codeHint: '<認可コード>かURL全体: https://xxxxxxxxxx&code=<認可コード>&scope=xxxxxxxxxx',
		exchanging: '認可コードを送信しています…',
		notSent: 'セッションが終了したため送信されていません。もう一度OKを押してください。',
		copiedUrl: (length: number) => `URL (${length}文字) をクリップボードへ送りました(OSC 52対応の端末のみ)。`,
		printedUrl: 'URLを1行でこの画面の上に表示しました。上にスクロールして選択できます。',
		noAuthorization: {
			disabled: 'OAuth 2.0(Google)を使用しない設定です。Esc キーで戻り、e キーで基本設定を編集してください。',
			notConnected: 'サーバーの接続状況が[成功]になると登録できます。Esc キーで戻って接続状況を確認してください(r キーで再確認)。',
			active: 'トークンは稼働中です。認可し直すには、Esc キーで戻り x キーで認可を取り消してください。',
			missing: '認可用のURLがまだありません。Esc キーで戻り、r キーで更新してください。',
		},
		/** Connection reasons that read differently for Google (the endpoint is fixed). */
		connectionReasons: {
			cn_mismatch: '証明書のCNが接続先と一致しません。本機のDNSとプロキシを確認するか、[CNを検証項目に追加する]をオフにしてください。',
			http_error: '認可サーバーがエラーを返しました。r キーで再確認してください。',
		} satisfies Partial<Record<ConnectionFailureReason, string>>,
		/** Token reasons that read differently for Google (the code is pasted, not polled for). */
		tokenReasons: {
			access_denied: '認可が拒否されました。a キーでURLを開き直し、[許可]を選んでください。',
			invalid_grant: '認可コードが受け付けられませんでした(期限切れか使用済み)。a キーでURLを開き直して認可し、新しい認可コードを入力してください。',
			invalid_client: `${fixes.googleClient}。e キーでクライアントIDとシークレットを確認してください(削除されたクライアントは作り直します)。`,
			reauthorization_required: `再認可が必要です(更新トークンの期限切れか取り消し)。r キーで新しいURLを取得し、a キーで登録してください。${fixes.testing}`,
		} satisfies Partial<Record<TokenFailureReason, string>>,
	},
	edit: {
		tenant: 'テナント',
		otherTenant: '(その他)',
		saving: '保存中…',
		reloading: '読み込み直しています…',
		checkFields: '入力内容を確認してください。何も保存していません。',
		conflict: '他の場所で変更されました。r キーで読み込み直す(編集内容は破棄されます)か、Esc キーで戻ってください。',
		notSaved: 'セッションが終了したため保存されていません。もう一度OKを押してください。',
		verifying: '応答が届きませんでした。本機に保存されたか確認しています…',
		savedAfterLostAnswer: '保存されました。本機からの応答は届きませんでしたが、本機の設定は送信した内容になっています。Esc キーで戻ります。',
		notSavedAfterLostAnswer: (reason: string) => `保存されていません: ${reason}本機の設定は以前のままです。編集内容はそのままです。もう一度OKを押してください。`,
		secretNotKnown: '本機からの応答が届かず、クライアントシークレットが保存されたかどうかを本機から確認できません。編集内容はそのままです。もう一度OKを押して送信してください。',
		notKnown: (reason: string) => `保存されたかどうか分かりません: ${reason}編集内容はそのままです。r キーで確認し直してください。`,
	},
	help: {
		title: 'キー一覧',
		everywhere: 'すべての画面',
		menus: 'メニュー',
		forms: '入力画面',
		oauth: 'OAuth 2.0設定(共通)',
		microsoft: 'OAuth 2.0(Microsoft)設定',
		showHelp: 'キー一覧の表示/非表示',
		backOrCancel: '戻る/キャンセル',
		quitMenus: '終了(入力中以外)',
		quitAnywhere: 'いつでも終了',
		moveItems: '項目の移動',
		openItem: '開く',
		jumpItem: '番号の項目を開く',
		moveFields: '項目の移動',
		toggle: 'チェックのオン/オフ',
		pickTenant: 'テナントを選ぶ',
		cursor: 'カーソルの移動',
		erase: '1文字削除 / 全消去',
		submit: '次の項目へ / OKで保存',
		edit: '基本設定を編集',
		refresh: '今すぐ更新',
		copyCode: 'コードをコピー',
		copyUrl: 'URLをコピー',
		reset: '認可を取り消す',
		google: 'OAuth 2.0(Google)設定',
		register: '認可用情報の登録',
		chooseButton: 'ボタンを選んで押す',
		copyPrintUrl: 'URLをコピー / 1行で表示',
		quitNote: 'q と Ctrl+C は、本機からログアウトしてから終了します。',
	},
	/** The key bindings table's words (source/input/key-bindings.ts): footer labels, help descriptions, where. */
	bindings: {
		contexts: {
			everywhere: 'すべての画面',
			login: 'ログイン(管理者モード)',
			deviceCertificate: '本機の証明書の確認(ログインの前、httpsのみ)',
			sessionPrompt: 'セッション終了後のパスワード入力',
			portal: 'ポータル',
			menu: 'メニュー(設定/登録、送信設定)',
			microsoftSettings: 'OAuth 2.0(Microsoft)設定',
			qrCode: 'QRコード(OAuth 2.0(Microsoft)設定から表示)',
			googleSettings: 'OAuth 2.0(Google)設定',
			confirmReset: '認可の取り消しの確認(y/n)',
			editBasicSettings: '基本設定の編集(Microsoft、Google)',
			registerAuthorization: '認可用情報の登録(Google)',
			sendTestMail: 'テストメールの送信',
			changePassword: '管理者パスワードの変更',
			confirmDiscard: '変更の破棄の確認(y/n)',
			help: 'この一覧',
		},
		labels: {
			help: 'キー一覧',
			quit: '終了',
			quitNow: '終了',
			quitNoSession: '終了',
			nextFieldLogin: '項目の移動',
			consent: 'オン/オフ',
			logIn: 'ログイン',
			trust: '信頼する',
			doNotTrust: '信頼しない',
			chooseYesNo: '選択',
			pressButton: '押す',
			backToLogIn: 'ログインに戻る',
			logInAgain: 'ログイン',
			move: '移動',
			open: '開く',
			jump: '番号で開く',
			back: '戻る',
			edit: '編集',
			refresh: '更新',
			copyCode: 'コードをコピー',
			copyUrl: 'URLをコピー',
			qrCode: 'QRコード',
			testMail: 'テストメール',
			reset: 'やり直す',
			select: '選択',
			pressSelected: '開く',
			register: '登録',
			yes: 'はい',
			no: 'いいえ',
			nextField: '項目の移動',
			toggle: 'オン/オフ',
			pickTenant: 'テナント',
			cursor: 'カーソル',
			cursorEnds: '先頭/末尾',
			erase: '1文字削除/全消去',
			ok: '次へ/OKで保存',
			cancel: '保存せずに戻る',
			reload: '読み込み直す',
			checkSaved: '保存を確認',
			printUrl: 'URLを1行で表示',
			toCodeField: '項目の移動',
			submitCode: 'OK(送信)',
			send: '送信',
			sendAgain: '宛先の変更/再送信',
			logOut: 'ログアウト',
			discard: '破棄する',
			keepEditing: '編集に戻る',
			scroll: 'スクロール',
			page: 'ページ送り',
			closeHelp: '閉じる',
			closeQrCode: '戻る',
		},
		descriptions: {
			help: 'キー一覧の表示/非表示(入力欄で入力中を除く)',
			quit: 'ログアウトして終了します(入力欄で入力中を除く)。保存していない変更があるときは、先に確認します。',
			quitNow: 'どの画面でも、確認せずにログアウトして終了します(2回押すと、ログアウトを待たずに終了)。',
			quitNoSession: '終了(まだログインしていません)',
			nextFieldLogin: '項目の移動(ユーザー名で↑を押すと接続先へ)',
			consent: '[パスワードを暗号化せずに送信する]のオン/オフ(ネットワーク上のHTTPの接続先のときだけ表示)',
			logIn: '次の項目へ。パスワードと[ログイン]ではログインします。[ログイン]では q で終了します。',
			trust: '本機の証明書を信頼してログインを続ける',
			doNotTrust: '信頼しない(ログインに戻ります。何も送信しません)',
			chooseYesNo: '[はい]か[いいえ]を選ぶ(最初は[いいえ])',
			pressButton: '選んだボタンを押す',
			backToLogIn: '変更された証明書、有効期間外や別の名前の証明書: ログインに戻る',
			logInAgain: 'もう一度ログイン(編集中の内容はそのままです)',
			move: '項目の移動',
			open: '選んだ項目を開く',
			jump: 'その番号の項目を開く',
			back: '前の画面に戻る',
			edit: '基本設定を編集',
			refresh: '今すぐ更新',
			copyCode: 'ユーザーコードをコピー(OSC 52)',
			copyUrl: 'URLをコピー(OSC 52)',
			qrCode: 'サインイン用のリンクをQRコードで全画面に表示',
			testMail: 'テストメールの送信(トークンの稼働状況が稼働中のときだけ)',
			reset: '認可を取り消してやり直す(x か Del。y/nで確認します)',
			select: '[編集]か[登録]を選ぶ(↑↓、j k、Tab)',
			pressSelected: '選んだボタンを押す',
			register: '認可用情報の登録',
			yes: 'はい(認可を取り消します)',
			no: 'いいえ(取り消しません)',
			nextField: '次/前の項目へ',
			toggle: 'チェックのオン/オフ',
			pickTenant: 'テナントを選ぶ(テナントの行で)',
			cursor: '入力欄のカーソルの移動',
			cursorEnds: '入力欄の先頭/末尾へ',
			erase: '1文字削除 / 全消去',
			ok: '次の項目へ。[OK]では保存します。',
			cancel: '保存せずに戻る(変更があるときは確認します)',
			reload: '他の場所で変更されたとき: 本機の設定を読み込み直す(編集内容は破棄されます)',
			checkSaved: '応答が届かなかったとき: 保存されたかを本機で確認',
			printUrl: 'URLを画面の上に1行で表示',
			toCodeField: '[認可コード]の入力欄へ',
			submitCode: '認可コード(またはURL全体)を送信',
			send: 'テストメールを送信',
			sendAgain: '結果の表示中: 宛先に戻る(Enterでもう一度送信)',
			logOut: 'パスワードを変更せずにログアウト',
			discard: '変更を破棄する(q のときは終了します)',
			keepEditing: '編集に戻る(変更はそのままです)',
			scroll: '一覧をスクロール',
			page: '1ページずつスクロール(PgUp/PgDn、Space)',
			closeHelp: 'この一覧を閉じる',
			closeQrCode: '設定画面に戻る',
		},
		/** The help overlay's own footer note and scroll position. */
		more: (first: number, last: number, total: number) => `${first}〜${last}行目 / ${total}行`,
	},
	/** Asked before edits that the device does not hold are discarded (q, Esc, [Cancel]). */
	discard: {
		question: '変更を破棄しますか? y/n',
	},
	/** The last line after quitting (q, Ctrl+C), and the notice on Log In after Log Out. */
	exit: {
		loggedOut: (url: string) => `${url} からログアウトしました。`,
		notLoggedIn: '終了しました(ログインしていませんでした)。',
		failed: (reason: string) => `終了しましたが、ログアウトできませんでした: ${reason} セッションは、操作のない状態が続くと本機が終了します。`,
		notWaited: (url: string) => `ログアウトの完了を待たずに終了しました(Ctrl+C を2回)。${url} のセッションは、操作のない状態が続くと本機が終了します。`,
		loggedOutNotice: 'ログアウトしました。',
		logOutFailedNotice: (reason: string) => `本機に届かず、ログアウトを確認できませんでした: ${reason}`,
	},
	/** Scripted (non-interactive) mode: `cloudmail-setup status`, `microsoft …`, `google …`, `test-mail`. */
	/** スクリプトモードの configure: --check と、保存の応答が失われた場合。 */
	scriptedSave: {
		wouldChange: (fields: string) => `変更される項目: ${fields}。何も送信していません(--check)。`,
		checkUnchanged: '変更なし: 機器の設定はすでに指定どおりです。何も送信していません(--check)。',
		secretWouldChange: '変更されます(機器は保存済みのシークレットを表示しないため、指定すると常に送信します)',
		secretUnchanged: '変更なし',
		secretKept: '機器にはすでにクライアントシークレットが保存されているため、指定されたものは送信していません(--client-secret-if-unset)。',
		verifying: (reason: string) => `保存に対する機器の応答が失われました(${reason})。保存されたかどうかを確認するため、設定を読み込み直しています…`,
		savedAfterLostAnswer: '保存しました。機器の応答は失われましたが、機器の設定は送信した内容になっています。',
		notSaved: (reason: string) => `保存されていません: ${reason} 機器の設定は変更前のままです。もう一度実行してください。`,
		changedElsewhere: '他の場所で変更されました。保存に対する機器の応答が失われ、機器の設定は送信した内容とも変更前とも異なります。設定を確認して(cloudmail-setup status)、もう一度実行してください。',
		secretNotKnown: '機器の応答が失われ、クライアントシークレットが保存されたかどうか機器からは分かりません。もう一度実行して送信し直してください。',
		notKnown: (reason: string) => `保存されたかどうか分かりません。機器の応答が失われ、設定の読み込み直しにも失敗しました: ${reason} もう一度実行してください(すでに指定どおりの設定は変更しません)。`,
	},
	/** The command line of the TUI, `emulator` and `config` (source/cli.ts): --help, and what it refuses. Sources: en.ts. */
	cli: {
		description: 'プリンターの保守コンソール用の端末UI: OAuth 2.0 で Exchange Online または Google Workspace 経由のメール送信を設定します',
		/** `cloudmail-setup --help`, after the description; `preferences`: the keys of `config`. */
		help: (preferences: string) => `使いかた
  $ cloudmail-setup [オプション]           端末UI(指定しない場合は内蔵のエミュレーター機器)
  $ cloudmail-setup emulator [オプション]  エミュレーター機器だけを起動します
  $ cloudmail-setup config [get|set|unset|path] [キー] [値]
  $ cloudmail-setup config unpin アドレス  機器の証明書のピン留めを解除します

スクリプト用(対話なし)のコマンド。オプションは \`cloudmail-setup <コマンド> --help\` で表示します
  $ cloudmail-setup status [--json]
  $ cloudmail-setup microsoft configure [--tenant T] [--[no-]verify-cert] [--[no-]add-cn] [--enable|--disable]
  $ cloudmail-setup microsoft authorize [--wait]
  $ cloudmail-setup google configure [--client-id ID] [--client-secret-stdin] [--[no-]verify-cert] ...
  $ cloudmail-setup google authorize [--print-url] [--code CODE_OR_URL | --code-stdin]
  $ cloudmail-setup test-mail --provider microsoft|google --to ADDRESS
  $ cloudmail-setup password change [--new-password-stdin]   (または CLOUDMAIL_NEW_PASSWORD)
  共通: --device ADDRESS、--emulator、--state DIR、--user NAME、--lang ja|en、--json、
  --password-stdin(指定しない場合は CLOUDMAIL_PASSWORD、それもなければ端末で入力。
  コマンドラインには書けません)、--allow-insecure-http(ループバック以外への平文HTTP。
  指定しない場合は拒否します)

オプション(端末UI)
  --device ADDRESS 機器: 192.168.1.20、printer.local、https://printer.local:8443
                   (スキームなしは https。ただし 127.0.0.1/localhost は http。パス
                   なしは /api/v1)。指定しない場合は保存された設定、それもなければ
                   内蔵のエミュレーター機器(オフライン)。ほかのコンピューターへの
                   平文HTTPでは、ログイン画面が警告し、パスワードを送る前に確認します
  --emulator       機器のURLが保存されていても内蔵のエミュレーター機器を使います
  --lang ja|en     表示言語(指定しない場合は保存された設定、それもなければロケール)
  --state DIR      内蔵のエミュレーター機器が状態を保存するディレクトリー
  --ca FILE        https の機器用に信頼する機器のCA証明書(PEM)。指定しない場合は、
                   プリンター自身の証明書を一度表示し、照合してからピン留めします

オプション(エミュレーター): \`cloudmail-setup emulator --help\` を参照してください
  --port N、--idp-port N、--host ADDR、--state DIR、--offline、--live、--client-id ID、
  --tls、--tls-regenerate、--dev-default-password

設定(config)のキー: ${preferences}

終了コード: 0 完了、1 失敗、2 使い方の誤りまたは対話用の端末がない。スクリプト用の
コマンドは 3〜13 を追加します(認証、接続不可、入力値の誤り、期限切れ、拒否、トークン
が稼働中でない、テストメールの拒否、準備未完了、パスワード変更、証明書、保存未確認)。
\`cloudmail-setup status --help\` を参照してください`,
		needsTerminal: '対話型のプログラムのため、端末が必要です。SSH では `ssh -t` で接続してください。スクリプトからは `cloudmail-setup status --help` を参照してください。',
		secretOnArgv: 'パスワードやクライアントシークレットはコマンドラインに書けません(このコンピューターのほかのユーザーから見えるため)。端末UIではログイン画面でパスワードを入力します。スクリプト用のコマンドは CLOUDMAIL_PASSWORD か --password-stdin から読み取ります。',
		unknownOptions: (...options: string[]) => `不明なオプションです: ${options.join(' ')}。cloudmail-setup --help を参照してください。`,
		repeatedOption: (option: string) => `${option} は一度だけ指定できます。`,
		missingValue: (option: string) => `${option} の値を指定してください。cloudmail-setup --help を参照してください。`,
		unknownCommand: (command: string) => `不明なコマンドです: '${command}'。cloudmail-setup --help を参照してください。`,
		badLanguage: (value: string) => `--lang は ja か en です('${value}' は指定できません)。`,
		badCa: (file: string) => `--ca のファイル ${file} を、PEM形式の証明書として読めません。`,
		offlineAndLive: '--offline と --live はどちらか一方だけ指定してください。',
		config: {
			unpinNeedsAddress: 'config unpin には機器のアドレスを指定してください(例: printer.local、https://192.0.2.10:8443)。',
			noPin: (device: string) => `${device} の証明書のフィンガープリントはピン留めされていません。`,
			unpinned: (device: string, fingerprint: string) => `${device} の証明書のフィンガープリント(${fingerprint})のピン留めを解除しました。`,
			unknownPreference: (key: string, known: string) => `不明な設定です: '${key}'。設定できるキー: ${known}。`,
			needsValue: (key: string) => `config set ${key} には値を指定してください。`,
			badValue: (value: string, key: string) => `'${value}' は ${key} として正しくありません。`,
			unknownAction: (action: string) => `不明な config の操作です: '${action}'。get、set、unset、unpin、path のいずれかを指定してください。`,
		},
	},
	/** `cloudmail-setup <command> --help` (source/scripted/usage.ts). Sources: en.ts; the exit codes: source/scripted/exit-codes.ts. */
	scriptedHelp: {
		usage: '使いかた',
		commands: {
			status: `
  $ cloudmail-setup status [--json]
    両方のプロバイダーの基本設定、サーバーの接続状況、認可待ちの情報、トークンの稼働状況。
`,
			'microsoft configure': `
  $ cloudmail-setup microsoft configure [--tenant common|consumers|organizations]
        [--verify-cert|--no-verify-cert] [--add-cn|--no-add-cn] [--enable|--disable] [--check] [--json]
    基本設定を編集します。指定しない項目は機器の設定のままです。変更がなければ何も
    送信しません("changed": false)。--check: 変わる項目(変更前と変更後)を表示し、
    何も送信しません。
`,
			'microsoft authorize': `
  $ cloudmail-setup microsoft authorize [--wait] [--json]
    サインインに使うユーザーコードを表示します(認可待ちのものがなければ新しく発行)。
    --wait: トークンの稼働状況が稼働中になるか、コードの期限が切れるか、サインインが
    拒否されるまで待ちます。
`,
			'google configure': `
  $ cloudmail-setup google configure [--client-id ID] [--client-secret-stdin | --client-secret-if-unset]
        [--verify-cert|--no-verify-cert] [--add-cn|--no-add-cn] [--enable|--disable] [--check] [--json]
    基本設定を編集します。クライアントシークレットは標準入力からだけ受け取ります(保存済み
    のものとは比較できないため、指定すると常に変更として扱います。--client-secret-if-unset
    は機器に未設定のときだけ送信します)。--check: 変わる項目を表示し、何も送信しません。
`,
			'google authorize': `
  $ cloudmail-setup google authorize [--print-url] [--code CODE_OR_URL | --code-stdin] [--json]
    コードなし: Google認可サーバー用URLを表示します。認可コード、またはブラウザーが
    表示したページのアドレス全体を指定すると、確認してから機器が交換します。
`,
			'test-mail': `
  $ cloudmail-setup test-mail --provider microsoft|google --to ADDRESS [--json]
    機器が現在のトークンでテストメールを送信し、サーバーの応答を表示します。
`,
			'password change': `
  $ cloudmail-setup password change [--new-password-stdin] [--json]
    管理者パスワードを変更します(初期設定のパスワードのままの機器では、ほかの操作が
    できません)。現在のパスワードはログインのパスワードです。新しいパスワードは標準入力
    の次の行、なければ CLOUDMAIL_NEW_PASSWORD、それもなければ端末で2回入力します。
    印字可能なASCII文字で8〜64文字。初期設定のパスワードやユーザー名は使えません。
`,
		},
		common: `
共通のオプション
  --device ADDRESS      機器: 192.168.1.20、printer.local、https://printer.local
                        (スキームなしは https。ただしループバックは http。パスなしは
                        /api/v1)。指定しない場合は保存された deviceUrl、それもなければ
                        内蔵のエミュレーター機器(オフライン)。--emulator を指定すると
                        常に内蔵の機器を使います
  --allow-insecure-http ループバック以外のアドレスへ、平文のHTTPでパスワードを送信します
                        (指定しない場合は拒否し、終了コード 2)
  --device-fingerprint FP
                        https: SHA-256 フィンガープリントがこの値の機器の証明書を信頼
                        します(SHA256:… または AB:CD:…、機器の表示どおり)。指定しない
                        場合は保存されたピン留め(config unpin ADDRESS で解除)
  --ca FILE             https: この機器のCA(PEM)が発行した証明書も信頼します
  --state DIR           内蔵のエミュレーター機器が状態を保存するディレクトリー
  --user NAME           管理者のユーザー名(指定しない場合は保存された userName、
                        それもなければ Administrator)
  --password-stdin      パスワードを標準入力の1行目から読み取ります(指定しない場合は
                        CLOUDMAIL_PASSWORD、それもなければ端末で入力。コマンドラインには
                        書けません)
  --lang ja|en          メッセージの言語
  --json                標準出力にJSONドキュメントを1つだけ出力します(エラーも)
`,
		exitCodes: '終了コード',
		/** By exit code; a code not here is said in exit-codes.ts's (English) words. */
		exitCodeMeanings: {
			0: '完了',
			1: '失敗(以下以外)',
			2: '使い方の誤り: コマンドラインの誤り、パスワードの入手先がない、コマンドラインにシークレット',
			3: '認証: ユーザー名かパスワードの誤り、ログインのロックまたは拒否(セッション数の上限)、セッションの終了',
			4: '機器に接続できないか、時間内に応答がない',
			5: '値が受け付けられなかった。何も送信・保存していません',
			6: 'サインインの前にユーザーコードの有効期限が切れた',
			7: 'サインインが拒否された',
			8: 'テストメール: トークンが稼働中ではない',
			9: 'テストメール: メールサーバー(またはその経路)が拒否した',
			10: 'プロバイダーを使用していないか、接続の確認に失敗した',
			11: '先に工場出荷時のパスワードを変更する必要がある(password change)',
			12: '機器のHTTPS証明書が信頼されていないか、変わった。何も送信していません(--device-fingerprint を参照)',
			13: '保存の応答が失われ、機器が保存したかどうか分からない。もう一度実行してください',
			129: 'SIGHUP(ログアウト後)',
			130: 'SIGINT または Ctrl+C(ログアウト後)',
			143: 'SIGTERM(ログアウト後)',
		} as Partial<Record<number, string>>,
	},
	scripted: {
		usage: {
			unknownCommand: (command: string) => `不明なコマンドです: '${command}'。cloudmail-setup --help を参照してください。`,
			missingSubcommand: (command: string) => `${command} の後に configure か authorize を指定してください。`,
			unknownOption: (option: string) => `不明なオプションです: ${option}`,
			badValue: (option: string) => `${option} の値がないか、値を取らないオプションです。`,
			unexpectedArgument: '余分な引数があります。cloudmail-setup --help を参照してください。',
			conflicting: (first: string, second: string) => `${first} と ${second} は同時に指定できません。`,
			notForCommand: (option: string, command: string) => `${option} は ${command} では使えません。`,
			required: (option: string) => `${option} を指定してください。`,
			secretOnArgv: 'パスワードやクライアントシークレットはコマンドラインに書けません。CLOUDMAIL_PASSWORD、--password-stdin、または端末での入力(クライアントシークレットは --client-secret-stdin)を使ってください。',
			badLanguage: '--lang は ja か en です。',
			badUser: '--user は1〜64文字です。',
			badProvider: '--provider は microsoft か google です。',
			noPassword: 'パスワードがありません。CLOUDMAIL_PASSWORD を設定するか、--password-stdin を使うか、端末から実行してください。',
			nothingOnStdin: (option: string) => `${option}: 標準入力に値がありません。`,
			badFingerprint: '--device-fingerprint は SHA-256 のフィンガープリントです(SHA256:… または AB:CD:… の16進数32組)。',
			badCa: (file: string) => `--ca のファイル ${file} を、PEM形式の証明書として読めません。`,
			passwordSubcommand: 'password の後に change を指定してください(cloudmail-setup password change)。',
			noNewPassword: '新しいパスワードがありません。--new-password-stdin を使うか、CLOUDMAIL_NEW_PASSWORD を設定するか、端末から実行してください。',
		},
		passwordPrompt: (user: string) => `${user} のパスワード: `,
		/** HTTPS: why the device's certificate was refused, with the fingerprint to verify and the option to pass. Nothing was sent. */
		certificate: {
			untrusted: (origin: string, fingerprint: string, hex: string) => `${origin} の証明書は信頼されていません(自己署名か、信頼されていない認証局の発行)。SHA-256 フィンガープリント: ${hex} (${fingerprint})。本機の操作パネルまたはリモートUIに表示されるフィンガープリントと比べ、同じなら --device-fingerprint ${fingerprint} を付けてもう一度実行してください(本機の認証局の証明書があれば --ca FILE)。何も送信していません。`,
			changed: (origin: string, pinned: string, presented: string, hex: string) => `${origin} の証明書が変わっています: 信頼済み ${pinned}、今回 ${presented} (${hex})。通信が傍受されているか、本機の証明書が更新された可能性があります。何も送信していません。更新が正当なら、新しいフィンガープリントを本機の表示と比べてから --device-fingerprint ${presented} を付けて実行してください(保存された登録の削除: cloudmail-setup config unpin ${origin})。`,
			expired: (origin: string, from: string, to: string, fingerprint: string) => `${origin} の証明書は有効期間外です(${from}〜${to}、${fingerprint})。本機とこのコンピューターの日時を確認するか、本機の証明書を更新してください。何も送信していません。`,
			nameMismatch: (origin: string, names: string, fingerprint: string) => `${origin} の証明書は別の名前用に発行されています(${names})。証明書にある名前で --device を指定するか、この証明書そのものを信頼するなら --device-fingerprint ${fingerprint} を付けてください。何も送信していません。`,
		},
		secretPrompt: 'クライアントシークレット: ',
		codePrompt: '認可コード(またはURL全体): ',
		builtInDevice: (url: string) => `内蔵のエミュレーター機器(オフライン)を使います: ${url}`,
		interrupted: (signal: string) => `${signal} で中断しました。`,
		passwordChangeRequired: '管理者パスワードが初期設定のままのため、先に変更が必要です。cloudmail-setup password change で変更してください(新しいパスワードは --new-password-stdin、CLOUDMAIL_NEW_PASSWORD、または端末での入力)。',
		newPasswordPrompt: '新しいパスワード: ',
		confirmPasswordPrompt: '新しいパスワード(確認): ',
		passwordChanged: '管理者パスワードを変更しました。',
		notSent: '入力内容を確認してください。何も送信していません。',
		refusedByDevice: '機器が入力内容を受け付けませんでした。保存されていません。',
		conflict: '設定がほかの場所で変更されました。保存していません。もう一度実行してください。',
		saved: '保存しました。',
		unchanged: '変更なし: 機器の設定はすでに指定どおりです。何も送信していません。',
		secretSent: 'クライアントシークレットを送信しました(保存済みのものとは比較できないため、指定すると常に変更として扱います)。',
		expired: '期限切れ',
		urlAvailable: '発行済み(cloudmail-setup google authorize --print-url で表示)',
		alreadyActive: 'トークンはすでに稼働中です。',
		signedIn: 'サインインが完了しました。',
		requestingAuthorization: '機器に新しい認可を要求しています(接続確認のあと発行されます)…',
		noAuthorizationInTime: '機器が時間内にユーザーコード/URLを発行しませんでした。cloudmail-setup status で状況を確認してください。',
		notEnabledMicrosoft: 'OAuth 2.0(Microsoft)を使用していません。cloudmail-setup microsoft configure --enable で有効にしてください。',
		notEnabledGoogle: 'OAuth 2.0(Google)を使用していません。cloudmail-setup google configure --enable で有効にしてください。',
		connectionFailed: (status: string) => `サーバーの接続状況: ${status}`,
		authorizationFailed: (status: string) => `認可できませんでした。トークンの稼働状況: ${status}`,
		authorizationExpired: 'サインインの前にユーザーコードの有効期限が切れました。もう一度実行すると新しいコードを発行します。',
		authorizationDeclined: 'サインインが拒否されました。もう一度実行すると新しいコードを発行します。',
		waitingForSignIn: (left: string) => `サインインを待っています… 残り ${left}`,
		newUserCode: '機器が新しいユーザーコードを発行しました:',
		openUrl: 'このURLをブラウザーで開いて[許可]を選び、表示されたページのアドレス全体を --code または --code-stdin で渡してください。',
		exchanging: '認可コードを機器に送信しています…',
		codeAccepted: '機器が認可コードを受け付けました。',
		codeNotUsed: 'トークンはすでに稼働中のため、認可コードは使用しませんでした。',
		tokenNotActive: 'トークンが稼働中ではありません。先に認可してください(cloudmail-setup … authorize)。',
		accountUnknown: 'サインインしたアカウントが分かりません(IDトークンで示されませんでした)。アプリに openid と email を許可し(Microsoft: APIのアクセス許可 openid、email、profile、Google: 同意画面のスコープ openid、email)、設定画面で認可を取り消して(x キー)もう一度認可してください。',
		testMailSent: 'テストメールを送信しました。',
		testMailRefused: 'テストメールは送信されませんでした。',
		testMailRefusedBy: (reply: string) => `テストメールは送信されませんでした: ${reply}`,
		from: '送信者',
		to: '宛先',
		server: 'サーバー',
		reply: 'サーバーの応答',
		failure: '失敗した段階',
		/** The row under a status that failed: what to do about it. */
		nextStep: '対処',
		/** Why the token is not active and what to do, with `authorize`: the command that authorizes again. */
		tokenReasons: {
			expired_token: (authorize: string) => `サインインの前にユーザーコードの有効期限が切れました。${authorize} で新しいコードを発行してください。`,
			authorization_declined: (authorize: string) => `サインインが拒否されました。${authorize} でもう一度試してください。`,
			access_denied: (authorize: string) => `認可が拒否されました。${authorize} でもう一度試してください。`,
			bad_verification_code: (authorize: string) => `ユーザーコードが受け付けられませんでした。${authorize} で新しいコードを発行してください。`,
			invalid_grant: (authorize: string) => `認可が無効になりました。${authorize} でもう一度認可してください。`,
			invalid_client: (authorize: string) => `認可サーバーが本機を受け付けませんでした。テナント(cloudmail-setup microsoft configure --tenant)を確認してから、${authorize} を実行してください。`,
			reauthorization_required: (authorize: string) => `再認可が必要です。${authorize} を実行してください。`,
			redirect_uri_mismatch: (authorize: string) => `リダイレクトURIが認可サーバーに登録されていません。Google Cloudのクライアントの種類(デスクトップ アプリ)を確認してから、${authorize} を実行してください。`,
			idp_unreachable: (_authorize: string) => '本機から認可サーバーに接続できません(本機が再試行します)。本機のネットワーク、DNS、プロキシを確認してください。結果は cloudmail-setup status で確認できます。',
			idp_error: (authorize: string) => `認可サーバーがエラーを返しました。${authorize} でもう一度試してください。`,
			app_not_multi_tenant: (authorize: string) => `${fixes.multiTenant}から、${authorize} を実行してください。`,
			public_client_disabled: (authorize: string) => `${fixes.publicClient}から、${authorize} を実行してください。`,
			consent_required: (authorize: string) => `${fixes.consent}から、${authorize} を実行してください。`,
			id_token_invalid: (authorize: string) => `アカウントを示すIDトークンの検証(署名、発行者、対象者、有効期限)に失敗しました。本機の日付と時刻を確認してから、${authorize} を実行してください。`,
		} satisfies Record<TokenFailureReason, (authorize: string) => string>,
		/** Token reasons that read differently for Google. */
		googleTokenReasons: {
			invalid_grant: (authorize: string) => `認可コードが受け付けられませんでした(期限切れか使用済み)。${authorize} でURLを開き直して認可し、新しい認可コードを --code で渡してください。`,
			invalid_client: (_authorize: string) => `${fixes.googleClient}。クライアントIDとクライアントシークレットを確認してください(cloudmail-setup google configure --client-id … --client-secret-stdin。削除されたクライアントは作り直します)。`,
			reauthorization_required: (authorize: string) => `再認可が必要です(更新トークンの期限切れか取り消し)。${authorize} を実行してください。${fixes.testing}`,
		} satisfies Partial<Record<TokenFailureReason, (authorize: string) => string>>,
		/** Why the connection check failed and what to do, with `configure`: the provider's configure command. */
		connectionReasons: {
			unreachable: (_configure: string) => '認可サーバーに接続できません。本機のネットワーク、DNS、プロキシを確認して、もう一度実行してください。',
			timeout: (_configure: string) => '認可サーバーから時間内に応答がありません。もう一度実行してください。',
			certificate_untrusted: (configure: string) => `サーバー証明書を信頼できません。本機のCA証明書を確認するか、[サーバー証明書を検証する]をオフにしてください(${configure} --no-verify-cert)。`,
			cn_mismatch: (configure: string) => `証明書のCNが接続先と一致しません。本機のDNSとプロキシを確認するか、[CNを検証項目に追加する]をオフにしてください(${configure} --no-add-cn)。`,
			tls_error: (_configure: string) => 'TLS通信に失敗しました。もう一度実行してください。',
			http_error: (configure: string) => `認可サーバーがエラーを返しました。設定(${configure}。Microsoftは --tenant)を確認して、もう一度実行してください。`,
		} satisfies Record<ConnectionFailureReason, (configure: string) => string>,
	},
	/** テストメールの送信 / Send Test Mail, and what the OAuth 2.0 pages say about it. */
	testMail: {
		/** After m in the footer of the OAuth 2.0 pages. */
		key: 'テストメール',
		/** In the key list. */
		helpEntry: 'テストメールの送信',
		/** Under Token Status while it is Active: the account that authorized sends the mail. */
		account: 'アカウント(送信者)',
		notActive: (status: string) => `テストメールはトークンが[稼働中]のときだけ送信できます(現在: ${status})。先に認可を完了してください。`,
		from: '送信者',
		fromNote: '認可したアカウント',
		to: '宛先',
		send: '送信',
		sending: (server: string) => `${server} 経由で送信しています…`,
		elapsed: (seconds: number) => `${seconds}秒経過`,
		sent: 'テストメールを送信しました。',
		notSent: 'テストメールは送信されませんでした。',
		server: 'サーバー',
		reply: 'サーバーの応答',
		sentNext: '宛先の受信トレイ(迷惑メールフォルダーも)を確認してください。',
		/** Why it was not sent, by the step of the SMTP conversation that failed, and what to do. */
		failures: {
			unreachable: (server: string) => `本機から ${server} に接続できませんでした。本機のネットワーク、DNS、プロキシ、ファイアウォール(送信先ポート587)を確認して、もう一度送信してください。`,
			timeout: (server: string) => `${server} から時間内に応答がありませんでした。もう一度送信してください。続く場合はネットワークとファイアウォール(ポート587)を確認してください。`,
			tls: (server: string) => `${server} とのTLS通信(STARTTLS)に失敗しました。本機のCA証明書と日付・時刻、TLSを中継するプロキシの有無を確認してください。`,
			rejected: (_server: string) => 'メールサーバーがメールを受け付けませんでした(送信者または宛先)。宛先のメールアドレスと、認可したアカウントが送信者として使えることを、サーバーの応答と合わせて確認してください。',
		},
		authMicrosoft: 'Exchange Onlineがアクセストークンを受け付けませんでした(SASL XOAUTH2)。認可したアカウントに、認証済みSMTPが有効なメールボックスが必要です。認可を取り消して(設定画面で x キー)認可し直すこともできます。',
		authGoogle: 'Gmailがアクセストークンを受け付けませんでした(SASL XOAUTH2)。認可を取り消して(設定画面で x キー)、送信に使うアカウントでGmailへのアクセスを許可して認可し直してください。',
		/** Exchange Online's 535 5.7.139: SMTP AUTH turned off for the mailbox or the tenant. */
		smtpAuthDisabled: 'このメールボックスまたはテナントでSMTP AUTHが無効です。Microsoft 365管理センターでメールボックスの[認証済みSMTP]を有効にする(メール > メールアプリの管理)か、テナントで許可して(Set-TransportConfig -SmtpClientAuthenticationDisabled $false)から、もう一度送信してください。',
		/**
		Exchange Online's 535 5.7.139 by cause, with the commands of Microsoft Learn "Enable or
		disable SMTP AUTH in Exchange Online" (Set-CASMailbox, Set-TransportConfig; security
		defaults block SMTP AUTH: turn them off and use Conditional Access).
		*/
		smtpAuthDisabledMailbox: (account: string) => `メールボックス ${account} でSMTP AUTHが無効です。Exchange Online PowerShellで Set-CASMailbox -Identity ${account} -SmtpClientAuthenticationDisabled $false を実行して(またはMicrosoft 365 管理センターのユーザー > [メール] > [メール アプリの管理]で[認証済み SMTP]をオンにして)から、もう一度送信してください。`,
		smtpAuthDisabledTenant: (account: string) => `組織全体でSMTP AUTHが無効です。Exchange Online PowerShellで Set-TransportConfig -SmtpClientAuthenticationDisabled $false を実行して(このメールボックスだけなら Set-CASMailbox -Identity ${account} -SmtpClientAuthenticationDisabled $false)から、もう一度送信してください。`,
		securityDefaults: 'Microsoft Entra IDのセキュリティの既定値群が、このアカウントのSMTP AUTHをブロックしています。Microsoft Entra 管理センターの[概要] > [プロパティ] > [セキュリティの既定値群の管理]で無効にし、代わりに条件付きアクセスでサインインを保護してから、もう一度送信してください。',
		/** Gmail's 535-5.7.8 to SASL XOAUTH2: the token is revoked or expired, or another account's. */
		gmailBadCredentials: 'Gmailがアクセストークンを受け付けませんでした。トークンが取り消されたか期限切れか、送信者とは別のアカウントのものです。認可を取り消して(OAuth 2.0(Google)設定で x キー)、送信に使うアカウントでもう一度認可してください。',
		unknownFailure: 'どの段階で失敗したか本機から報告がありません。サーバーの応答を確認してください。',
		checkAddress: '宛先を確認してください。何も送信していません。',
		notSentSession: 'セッションが終了したため送信されていません。もう一度[送信]を押してください。',
		tokenNotActive: 'トークンの稼働状況が[稼働中]ではないため、送信されませんでした。Esc キーで戻り、認可の状態を確認してください。',
		accountUnknown: {
			microsoft: 'サインインしたアカウントが分からないため(IDトークンで示されませんでした)、送信されませんでした。Microsoft Entra 管理センターでアプリに委任されたアクセス許可 openid、email、profile(Microsoft Graph)を追加して同意を与え、Esc キー、x キーの順に押してもう一度認可してください。',
			google: 'サインインしたアカウントが分からないため(IDトークンで示されませんでした)、送信されませんでした。Google Cloud コンソールでOAuth同意画面にスコープ openid と …/auth/userinfo.email を追加し、Esc キー、x キーの順に押してもう一度認可してください。',
		},
		sendKey: '送信',
		againKey: '宛先の変更/再送信',
	},
	/** After x on a settings page: the device forgot the authorization; what the identity provider was told. */
	revocation: {
		revoked: '本機から削除し、Googleでも取り消しました。',
		failed: (detail: string) => `本機から削除しましたが、Googleで取り消せませんでした(${detail})。myaccount.google.com/permissions でアクセスを削除してください。`,
		notSupported: '本機から削除しました。Entra IDには本機から取り消す手段がありません。無効にするには myaccount.microsoft.com ですべてのセッションからサインアウトしてください。',
		nothingToRevoke: '本機から削除しました(取り消すトークンはありませんでした)。',
	},
	/** The device address (--device, config set deviceUrl, Log In's 接続先): why one is refused, and plain HTTP. The words never repeat the address. */
	deviceAddress: {
		problems: {
			empty: '接続先を入力してください(例: 192.168.1.20、printer.local、https://printer.local)。',
			too_long: '接続先が長すぎます。',
			characters: '接続先に空白、改行、制御文字、「\\」は使えません。',
			credentials: '接続先にユーザー名やパスワード(「@」の前の部分)を含めないでください。パスワードはログイン時に入力します。',
			scheme: '接続先は https:// または http:// で始めるか、ホスト名かIPアドレスだけを入力してください。',
			host: 'ホスト名またはIPアドレスが正しくありません(例: 192.168.1.20、printer.local、[fe80::1])。',
			port: 'ポート番号は1〜65535で指定してください。',
			path: 'パスに使えない文字があります。英数字と - . _ ~ / などで指定してください(「.」「..」や空の区切りは使えません)。',
			query: '接続先に「?」や「#」は使えません。',
		},
		/** `where`: --device, deviceUrl. */
		refused: (where: string, problem: string) => `${where}: ${problem}`,
		plainHttp: (host: string) => `暗号化されていないHTTPの接続先です。パスワードが暗号化されずにネットワークを通って ${host} に送られます。`,
		sendUnencrypted: 'パスワードを暗号化せずに送信する',
		confirmFirst: 'HTTPでログインするには、[パスワードを暗号化せずに送信する]をオンにする(Space キー)か、https:// の接続先を入力してください。',
		checkAddress: '接続先が正しいか確認してください(↑ キーで接続先に移動します)。',
		scriptedPlainHttp: (url: string) => `${url} は暗号化されていないHTTPです。パスワードが暗号化されずに送られるため、何も送信していません。https:// を使うか、信頼できるネットワークであれば --allow-insecure-http を指定してください。`,
		configPlainHttp: '保存しました。暗号化されていないHTTPのため、TUIはパスワードを送る前に確認を求め、スクリプトモードでは --allow-insecure-http が必要です。',
	},	qrCode: {
		key: 'QRコード',
		caption: (url: string) => `スマートフォンで読み取ると開きます: ${url}`,
		tooSmall: (columns: number, rows: number, haveColumns: number, haveRows: number) =>
			`端末が小さいためQRコードを表示できません(${columns}×${rows}以上が必要、この端末は${haveColumns}×${haveRows})。`,
		openOnPhone: 'ウィンドウを広げるか、スマートフォンで次のアドレスを開いてください:',
		enterCode: '開いたページでユーザーコードを入力します:',
		noCode: 'QRコードは、ユーザーコードがサインインを待っている間だけ表示できます。',
	},
	/** `cloudmail-setup emulator --help` と起動時のエラー(source/emulator/usage.ts)。 */
	emulatorCommand: {
		usage: '使いかた',
		summary: 'エミュレーターの機器(デバイスAPI)を単独で起動します。オフライン(既定)では、MicrosoftとGoogleの代わりとなるローカルの認証サーバーとSMTPサーバーも起動します。接続先を表示します。Ctrl+C で終了します。',
		options: 'オプション',
		port: 'デバイスAPIのポート番号(既定: 8480。0 を指定すると空いているポートを使います)',
		idpPort: 'オフライン認証サーバーのポート番号(既定: 8443。0 を指定すると空いているポートを使います)',
		host: '待ち受けるアドレス(既定: 127.0.0.1。それ以外を指定すると、ネットワークから接続できる旨の警告を表示します)',
		state: (directory: string) => `状態を保存するディレクトリー。設定、トークン、ログイン制限を保存します(ディレクトリーは0700、ファイルは0600。既定: ${directory})`,
		offline: 'オフライン認証サーバーを使用します(既定)',
		live: '実際の login.microsoftonline.com とGoogleに接続します',
		clientId: 'ライブモードで使用するアプリの登録(または CLOUDMAIL_MICROSOFT_CLIENT_ID)',
		tls: '機器の自己署名証明書でHTTPSを提供します(証明書は状態ディレクトリーに保存し、起動時にフィンガープリントを表示します)',
		tlsRegenerate: '--tls と併用: 証明書を新しく作成します(ピン留めした証明書とは一致しなくなります)',
		devDefaultPassword: '開発用: 工場出荷時のパスワード 7654321 をそのまま使えます(指定しない場合、実機と同様に最初のログイン時に変更が必要です)',
		lang: 'このヘルプの言語(指定しない場合はロケール)',
		help: 'このヘルプを表示して終了します',
		busyHint: 'エミュレーターがすでに起動している場合は、--port 0 --idp-port 0 を指定して起動してください。空いているポートを使い、実際の接続先を表示します。',
		/** The listen error EADDRINUSE, with what to do. */
		portInUse: (address: string) => `${address} はすでに使用されています(EADDRINUSE)。別のエミュレーターまたはプログラムが使用しています。そのプログラムを終了するか、--port 0 --idp-port 0 を指定して空いているポートで起動してください(実際の接続先を表示します)。`,
	},
};

export type Messages = typeof ja;
